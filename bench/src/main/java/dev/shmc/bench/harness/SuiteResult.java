package dev.shmc.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a suite produced: its tables (one CSV each), charts, headline figures and notes for the summary. */
public final class SuiteResult {
    private final String suite;
    private final String title;
    private final String description;
    private final List<Table> tables = new ArrayList<>();
    private final List<Path> charts = new ArrayList<>();
    private final List<Headline> headlines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private double seconds;

    public SuiteResult(String suite, String title, String description) {
        this.suite = suite;
        this.title = title;
        this.description = description;
    }

    public String suite() {
        return suite;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public SuiteResult table(Table t) {
        tables.add(t);
        return this;
    }

    public SuiteResult chart(Path p) {
        charts.add(p);
        return this;
    }

    public SuiteResult headline(Headline h) {
        headlines.add(h);
        return this;
    }

    public SuiteResult note(String text) {
        notes.add(text);
        return this;
    }

    public List<Table> tables() {
        return tables;
    }

    public List<Path> charts() {
        return charts;
    }

    public List<Headline> headlines() {
        return headlines;
    }

    public void replaceHeadlines(List<Headline> replaced) {
        headlines.clear();
        headlines.addAll(replaced);
    }

    public List<String> notes() {
        return notes;
    }

    public double seconds() {
        return seconds;
    }

    public void seconds(double s) {
        this.seconds = s;
    }
}
