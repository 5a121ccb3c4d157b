package dev.cognitomerge.operator;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress lines on stderr for runs that take long (a million-user pool lists for about an hour at the default
 * rate): at most one line every {@link #INTERVAL_NANOS}, and one when a phase ends. {@code --quiet} silences them.
 */
final class Progress {

    static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintStream err;
    private final boolean quiet;
    private final LongSupplier clock;
    private final long interval;
    private long started = -1;
    private long lastPrinted;

    Progress(PrintStream err, boolean quiet) {
        this(err, quiet, System::nanoTime, INTERVAL_NANOS);
    }

    Progress(PrintStream err, boolean quiet, LongSupplier clock, long intervalNanos) {
        this.err = err;
        this.quiet = quiet;
        this.clock = clock;
        this.interval = intervalNanos;
    }

    /** Starts timing a phase (listing, checking owners, repairing). */
    void start() {
        started = clock.getAsLong();
        lastPrinted = started;
    }

    /**
     * After each ListUsers page: pages and users so far, the rate and, when the pool's estimated size is known
     * (DescribeUserPool's EstimatedNumberOfUsers), the estimated time left.
     */
    void listed(long pages, long users, long estimatedUsers, boolean last) {
        if (!due(last)) {
            return;
        }
        double seconds = elapsedSeconds();
        StringBuilder line = new StringBuilder(last ? "listed " : "listing: ");
        line.append(count(pages)).append(pages == 1 ? " page, " : " pages, ").append(count(users));
        if (!last && estimatedUsers > users) {
            line.append(" of ~").append(count(estimatedUsers)).append(" users (")
                    .append(users * 100 / estimatedUsers).append("%)");
        } else {
            line.append(" users");
        }
        line.append(String.format(Locale.ROOT, ", %.1f pages/s", seconds > 0 ? pages / seconds : 0));
        if (!last && estimatedUsers > users && users > 0) {
            line.append(", about ").append(duration(seconds * (estimatedUsers - users) / users)).append(" left");
        }
        if (last) {
            line.append(String.format(Locale.ROOT, " in %.1f s", seconds));
        }
        print(line.toString());
    }

    /** After each item of a counted phase ({@code verb} e.g. "classified", "repaired"). */
    void step(String verb, String what, long done, long total) {
        boolean last = done >= total;
        if (!due(last)) {
            return;
        }
        double seconds = elapsedSeconds();
        StringBuilder line = new StringBuilder(verb).append(' ').append(count(done)).append(" of ")
                .append(count(total)).append(' ').append(what);
        line.append(String.format(Locale.ROOT, ", %.1f/s", seconds > 0 ? done / seconds : 0));
        if (!last && done > 0) {
            line.append(", about ").append(duration(seconds * (total - done) / done)).append(" left");
        }
        print(line.toString());
    }

    private boolean due(boolean last) {
        if (quiet) {
            return false;
        }
        if (started < 0) {
            start();
        }
        long now = clock.getAsLong();
        if (last || now - lastPrinted >= interval) {
            lastPrinted = now;
            return true;
        }
        return false;
    }

    private double elapsedSeconds() {
        return (clock.getAsLong() - started) / 1e9;
    }

    private void print(String line) {
        err.println("progress: " + line);
        err.flush();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s + 30) / 60 + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
