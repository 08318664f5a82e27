package org.syndicate.dataspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * The hand-written pattern reader ({@link Pattern#parse}) accepts exactly what the Java types
 * generated from the reference's dataspacePatterns.prs accept, and writes the same values
 * (reference note §3.2). Seeded; rerun with {@code -Dpatterns.seed=N}.
 */
class GeneratedPatternAgreementTest {
  static final Value[] JUNK = {
    TextReader.parse("<lit [1]>"), TextReader.parse("<group <set> {}>"), TextReader.parse("<bind>"),
    TextReader.parse("<frob>"), SignedInteger.of(5), TextReader.parse("<group <arr> [1]>"),
    TextReader.parse("<group <rec>  {}>"), TextReader.parse("<lit {a: 1}>"), TextReader.parse("<_ extra>"),
    TextReader.parse("<bind <_> extra>"), TextReader.parse("<group <dict> {0: <_>} extra>"),
  };

  static Value mutate(Random r, Value v, int depth) {
    if (r.nextInt(12) == 0 || depth <= 0) return r.nextInt(3) == 0 ? JUNK[r.nextInt(JUNK.length)] : v;
    if (v instanceof RecordValue rec) {
      List<Value> fields = new ArrayList<>();
      for (Value f : rec.fields()) fields.add(mutate(r, f, depth - 1));
      return RecordValue.of(rec.label(), fields);
    }
    if (v instanceof Dictionary d) {
      Dictionary.Builder b = Dictionary.builder();
      for (Value k : d.keys()) b.put(k, mutate(r, d.get(k), depth - 1));
      return b.build();
    }
    return v;
  }

  @Test
  void handWrittenReaderAgreesWithGeneratedTypes() {
    long seed = Long.getLong("patterns.seed", System.nanoTime());
    System.out.println("GeneratedPatternAgreementTest seed = " + seed);
    Random r = new Random(seed);
    int accepted = 0, rejected = 0;
    for (int i = 0; i < 3000; i++) {
      Value v = mutate(r, IndexAgreesWithNaiveMatcherTest.randomPattern(r, 4).toValue(), 8);
      Optional<org.syndicate.schemas.dataspacepatterns.Pattern> gen =
          org.syndicate.schemas.dataspacepatterns.Pattern.tryParse(v);
      Pattern mine;
      try {
        mine = Pattern.parse(v);
      } catch (PatternException e) {
        mine = null;
      }
      assertThat(mine != null).as("seed %d: acceptance of %s", seed, v).isEqualTo(gen.isPresent());
      if (mine != null) {
        accepted++;
        // Both write the same canonical value (extra fields dropped by both).
        assertThat(mine.toValue()).as("seed %d: %s", seed, v).isEqualTo(gen.get().unparse());
      } else {
        rejected++;
      }
    }
    assertThat(accepted).isGreaterThan(100);
    assertThat(rejected).isGreaterThan(100);
  }
}
