package dev.shmc.bench.harness;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts with XChart: bar charts of categories and line charts of x/y series, axes titled
 * with units, and a caption strip under the plot naming the machine, the date and the load.
 */
public final class Charts {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;
    private static final int CAPTION_HEIGHT = 28;

    private final Path dir;
    private final String caption;
    private final List<Path> written = new ArrayList<>();

    public Charts(Path dir, String caption) {
        this.dir = dir;
        this.caption = caption;
        System.setProperty("java.awt.headless", "true");
    }

    public List<Path> written() {
        return written;
    }

    /** Bar series over named categories: {@code series} maps a series name to one value per category (null: no bar). */
    public Path bars(String file, String title, String xTitle, String yTitle, List<String> categories,
                     Map<String, List<Double>> series, boolean logY) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setXAxisLabelRotation(categories.size() > 5 || categories.stream().mapToInt(String::length).sum() > 90 ? 20 : 0);
        if (logY) {
            // bars start at the axis minimum: a log axis needs a positive one, a decade below the smallest bar
            double min = series.values().stream().flatMap(List::stream).filter(v -> v != null && v > 0).mapToDouble(Double::doubleValue)
                    .min().orElse(1);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        }
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (Double v : e.getValue()) {
                values.add(v == null || !Double.isFinite(v) ? (logY ? null : 0.0) : v);
            }
            chart.addSeries(e.getKey(), categories, values);
        }
        return save(chart, file);
    }

    /** Line series: {@code series} maps a name to {x[], y[]}. */
    public Path lines(String file, String title, String xTitle, String yTitle, Map<String, double[][]> series, boolean logX, boolean logY) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(7);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]).setMarker(SeriesMarkers.CIRCLE);
        }
        return save(chart, file);
    }

    /** An ordered map of series, for callers. */
    public static <V> Map<String, V> series() {
        return new LinkedHashMap<>();
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            a.setPlotGridLinesColor(new Color(220, 220, 220));
        }
    }

    private Path save(Chart<?, ?> chart, String file) {
        BufferedImage plot = BitmapEncoder.getBufferedImage(chart);
        BufferedImage out = new BufferedImage(plot.getWidth(), plot.getHeight() + CAPTION_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(plot, 0, 0, null);
            g.setColor(new Color(80, 80, 80));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(caption, 10, plot.getHeight() + CAPTION_HEIGHT - 10);
        } finally {
            g.dispose();
        }
        Path path = dir.resolve(file.endsWith(".png") ? file : file + ".png");
        try {
            ImageIO.write(out, "png", path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        written.add(path);
        return path;
    }
}
