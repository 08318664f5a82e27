package org.syndicate.process;

/** Which output stream of a child a line came from; the reference's {@code stream} field (§7.6). */
public enum StdStream {
    STDOUT, STDERR;

    /** The reference's symbol for it: {@code stdout} or {@code stderr}. */
    public String symbol() {
        return this == STDOUT ? "stdout" : "stderr";
    }
}
