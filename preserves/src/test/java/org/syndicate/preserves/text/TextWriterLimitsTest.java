package org.syndicate.preserves.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.ValueGenerators;

/**
 * Indented output gives up a one-line trial as soon as the value cannot fit, without changing
 * the layout: work is counted through the embedded codec (each trial that expands an embedded
 * value encodes it), not timed.
 */
class TextWriterLimitsTest {
  static final TextWriter.Options PRETTY = TextWriter.Options.DEFAULT.withIndent(2).withAnnotations(false);

  /** A top-level value stays on one line exactly when its compact form fits in WIDTH columns. */
  @Test
  void oneLineExactlyWhenTheCompactFormFits() {
    long seed = System.nanoTime();
    System.out.println("TextWriterLimitsTest seed: " + seed);
    ValueGenerators g = new ValueGenerators(seed, new ValueGenerators.Settings(3, 12, false, true, 0));
    int fits = 0, breaks = 0;
    for (int n = 0; n < 2000; n++) {
      Value v = g.value();
      String compact = TextWriter.toText(v, TextWriter.Options.DEFAULT.withAnnotations(false));
      String pretty = TextWriter.toText(v, PRETTY);
      if (compact.length() <= TextWriter.WIDTH) {
        fits++;
        assertThat(pretty).as("seed %d #%d", seed, n).isEqualTo(compact);
      } else if (v.kind().isCompound() && !(v instanceof RecordValue r && r.arity() == 0)) {
        breaks++;
        assertThat(pretty).as("seed %d #%d", seed, n).contains("\n");
      }
      assertThat(TextReader.parse(pretty)).as("seed %d #%d", seed, n).isEqualTo(v);
    }
    assertThat(fits).isGreaterThan(100);
    assertThat(breaks).isGreaterThan(100);
  }

  /** Distinct values, written in one character up to 36 of them. */
  static Value oneChar(int i) {
    return i < 10 ? SignedInteger.of(i) : i < 36 ? Symbol.of(String.valueOf((char) ('a' + i - 10))) : SignedInteger.of(i);
  }

  /**
   * Values written after a dictionary key at every column parity: each stays on the key's line
   * exactly when its compact form fits the room left on that line (the writer's rule), for
   * compounds of 0 to 45 one-character items of every compound kind, where the writer's lower
   * bound on the length is tight.
   */
  @Test
  void oneLineAfterAKeyExactlyWhenItFits() {
    Value filler = StringValue.of("x".repeat(100));
    for (int n = 0; n <= 45; n++) {
      List<Value> items = new ArrayList<>();
      List<Value> distinct = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(SignedInteger.of(i % 10));
        distinct.add(oneChar(i));
      }
      List<Value> candidates = new ArrayList<>();
      candidates.add(Sequence.of(items));
      candidates.add(SetValue.of(distinct));
      candidates.add(RecordValue.of(Symbol.of("r"), items));
      Dictionary.Builder d = Dictionary.builder();
      for (int i = 0; i < n; i++) d.put(oneChar(i), SignedInteger.of(i % 10));
      candidates.add(d.build());
      candidates.add(Embedded.of(Sequence.of(items)));
      for (Value c : candidates) {
        String compact = TextWriter.toText(c, TextWriter.Options.DEFAULT);
        for (int keyLength = 1; keyLength <= 12; keyLength++) {
          String key = "a".repeat(keyLength);
          Value dict = Dictionary.of(Symbol.of(key), c, Symbol.of("zz"), filler);
          String[] lines = TextWriter.toText(dict, PRETTY).split("\n");
          String first = "  " + key + ": " + compact;
          int room = Math.max(TextWriter.WIDTH - (4 + keyLength), 20);
          assertThat(lines[1].equals(first)).as("%s after key %s", compact, key).isEqualTo(compact.length() <= room);
        }
      }
    }
  }

  /**
   * Compounds too wide for any line, of compounds too wide for any line: one-line trials give up
   * before expanding them, so each embedded item is encoded once, by its own trial. (The old
   * trials expanded each wide compound until the line overflowed, encoding about 1,600 more.)
   */
  @Test
  void trialsDoNotExpandWhatCannotFit() {
    AtomicInteger encoded = new AtomicInteger();
    EmbeddedCodec counting =
        new EmbeddedCodec() {
          @Override
          public Value encode(Object payload) {
            encoded.incrementAndGet();
            return (Value) payload;
          }

          @Override
          public Object decode(Value wire) {
            return wire;
          }
        };
    List<Value> rows = new ArrayList<>();
    for (int r = 0; r < 41; r++) {
      List<Value> row = new ArrayList<>();
      for (int i = 0; i < 41; i++) row.add(Embedded.of(SignedInteger.of(i % 10)));
      rows.add(Sequence.of(row));
    }
    Value v = Sequence.of(rows);
    String text = TextWriter.toText(v, PRETTY.withEmbeddedCodec(counting));
    assertThat(TextReader.parse(text)).isEqualTo(v);
    assertThat(encoded.get()).isEqualTo(41 * 41);
  }
}
