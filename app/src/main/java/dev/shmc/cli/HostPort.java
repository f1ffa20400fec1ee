package dev.shmc.cli;

/**
 * A network endpoint as given on the command line: {@code host:port}, {@code [v6-address]:port},
 * or a host alone when a default port applies. Checked, never resolved here.
 *
 * @param host the host name or address (an IPv6 address without brackets)
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {
    /** Parses {@code host:port}; {@code option} names the option in the error message. */
    public static HostPort parse(String option, String text) {
        return parse(option, text, -1);
    }

    /**
     * Parses {@code host:port}, or {@code host} alone when {@code defaultPort} is positive.
     *
     * @throws BadInputException when it is not of that form
     */
    public static HostPort parse(String option, String text, int defaultPort) {
        String t = text == null ? "" : text.strip();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw bad(option, text, defaultPort);
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw bad(option, text, defaultPort);
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon != t.indexOf(':')) {
                throw bad(option, text, defaultPort); // a bare IPv6 address is ambiguous: it needs brackets
            }
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw bad(option, text, defaultPort);
        }
        int p;
        if (port == null) {
            if (defaultPort <= 0) {
                throw bad(option, text, defaultPort);
            }
            p = defaultPort;
        } else {
            // ASCII digits only: Integer.parseInt also takes a sign and other scripts' digits
            if (!port.matches("[0-9]{1,5}")) {
                throw bad(option, text, defaultPort);
            }
            p = Integer.parseInt(port);
        }
        if (p < 1 || p > 65535) {
            throw new BadInputException(option + ": port must be between 1 and 65535, got '" + text + "'");
        }
        return new HostPort(host, p);
    }

    private static BadInputException bad(String option, String text, int defaultPort) {
        return new BadInputException(option + " expects " + (defaultPort > 0 ? "HOST or HOST:PORT" : "HOST:PORT")
                + " (IPv6 as [ADDRESS]:PORT), got '" + text + "'");
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
