package org.syndicate.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Line cutting: examples, then seeded random properties (the seed is printed). */
class LineAssemblerTest {

    static List<OutputLine> cut(byte[] input, int max, int[] chunkSizes) {
        List<OutputLine> out = new ArrayList<>();
        LineAssembler a = new LineAssembler(StdStream.STDOUT, max, out::add);
        int pos = 0;
        int i = 0;
        while (pos < input.length) {
            int n = Math.min(input.length - pos, chunkSizes.length == 0 ? input.length : chunkSizes[i++ % chunkSizes.length]);
            a.feed(input, pos, n);
            pos += n;
            assertThat(a.pending()).isLessThanOrEqualTo(max);
        }
        a.finish();
        return out;
    }

    static List<String> texts(List<OutputLine> lines) {
        return lines.stream().map(l -> new String(l.bytes(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void splitsOnNewlinesKeepingThem() {
        List<OutputLine> out = cut("a\nbc\n\nd".getBytes(StandardCharsets.UTF_8), 100, new int[] {1});
        assertThat(texts(out)).containsExactly("a\n", "bc\n", "\n", "d");
        assertThat(out).noneMatch(OutputLine::continued);
    }

    @Test
    void cutsLongLinesAtTheLimit() {
        List<OutputLine> out = cut("abcdefghij\n".getBytes(StandardCharsets.UTF_8), 4, new int[] {3});
        assertThat(texts(out)).containsExactly("abcd", "efgh", "ij\n");
        assertThat(out.stream().map(OutputLine::continued).toList()).containsExactly(true, true, false);
    }

    @Test
    void doesNotCutInsideAUtf8Sequence() {
        // "aé€" = 61 c3a9 e282ac: a 4-byte cut would split the euro sign after its first byte
        List<OutputLine> out = cut("aé€x\n".getBytes(StandardCharsets.UTF_8), 4, new int[] {64});
        assertThat(texts(out)).containsExactly("aé", "€x", "\n");
        assertThat(out).allMatch(OutputLine::isUtf8);
    }

    @Test
    void emptyInputGivesNoLine() {
        assertThat(cut(new byte[0], 8, new int[0])).isEmpty();
    }

    @Test
    void randomInputRandomChunksAndLimits() {
        long seed = System.nanoTime();
        System.out.println("LineAssemblerTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 500; round++) {
            boolean utf8 = rnd.nextBoolean();
            byte[] input = utf8 ? randomUtf8(rnd) : randomBytes(rnd);
            int max = 4 + rnd.nextInt(40);
            int[] chunks = rnd.ints(1 + rnd.nextInt(5), 1, 50).toArray();
            List<OutputLine> out = cut(input, max, chunks);
            String where = "seed " + seed + " round " + round;

            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < out.size(); i++) {
                OutputLine l = out.get(i);
                all.writeBytes(l.bytes());
                assertThat(l.bytes().length).as(where).isBetween(1, max);
                for (int k = 0; k < l.bytes().length - 1; k++) assertThat(l.bytes()[k]).as(where).isNotEqualTo((byte) '\n');
                boolean last = i == out.size() - 1;
                assertThat(l.endsWithNewline() || l.continued() || last).as(where).isTrue();
                if (l.continued()) {
                    assertThat(l.endsWithNewline()).as(where).isFalse();
                    assertThat(l.bytes().length).as(where).isGreaterThanOrEqualTo(max - 3);
                }
                if (utf8) assertThat(l.isUtf8()).as(where + " piece " + i).isTrue();
            }
            assertThat(all.toByteArray()).as(where).isEqualTo(input);
            assertThat(out).as("independent of chunking, " + where).isEqualTo(cut(input, max, new int[0]));
        }
    }

    static byte[] randomBytes(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(300)];
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextInt(8) == 0 ? (byte) '\n' : (byte) rnd.nextInt(256);
        return b;
    }

    static byte[] randomUtf8(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(150);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(6)) {
                case 0 -> sb.append('\n');
                case 1 -> sb.append((char) ('a' + rnd.nextInt(26)));
                case 2 -> sb.appendCodePoint(0x80 + rnd.nextInt(0x780));       // 2 bytes
                case 3 -> sb.appendCodePoint(0x800 + rnd.nextInt(0xD000));      // 3 bytes
                case 4 -> sb.appendCodePoint(0x10000 + rnd.nextInt(0x10000));   // 4 bytes
                default -> sb.append(' ');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
