package org.syndicate.process;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One datagram a child sent to its {@code NOTIFY_SOCKET}, parsed as sd_notify(3) defines it:
 * newline-separated {@code KEY=VALUE} assignments ({@code READY=1}, {@code STATUS=...},
 * {@code MAINPID=...}, {@code STOPPING=1}, {@code ERRNO=...}, ...). Lines without {@code '='}
 * are ignored; a repeated key keeps its last value.
 *
 * @param fields the assignments in order of first appearance
 * @param raw    the datagram as text (UTF-8, malformed bytes replaced)
 */
public record NotifyMessage(Map<String, String> fields, String raw) {

    public NotifyMessage {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Parses a datagram's text. */
    public static NotifyMessage parse(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) f.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new NotifyMessage(f, text);
    }

    /** {@code READY=1}: the service finished starting. */
    public boolean ready() {
        return "1".equals(fields.get("READY"));
    }

    /** {@code STOPPING=1}: the service is shutting down. */
    public boolean stopping() {
        return "1".equals(fields.get("STOPPING"));
    }

    /** The {@code STATUS=} text, or null. */
    public String status() {
        return fields.get("STATUS");
    }
}
