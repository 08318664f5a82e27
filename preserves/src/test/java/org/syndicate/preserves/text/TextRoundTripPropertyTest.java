package org.syndicate.preserves.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.ValueGenerators;

/**
 * Property tests over seeded random values and inputs (the seed is printed; rerun with
 * {@code -Dtext.seed=N} to reproduce): print/parse round trips, "every proper prefix needs more
 * input" for the buffer API, and "random or mutated text only ever throws PreservesException".
 */
class TextRoundTripPropertyTest {
  private static final int VALUES = 3000;

  static long seed() {
    String s = System.getProperty("text.seed");
    long seed = s != null ? Long.parseLong(s) : System.nanoTime();
    System.out.println("TextRoundTripPropertyTest seed: " + seed + " (rerun with -Dtext.seed=" + seed + ")");
    return seed;
  }

  @Test
  void printThenParseGivesTheSameValue() {
    long seed = seed();
    TextValueGen gen = new TextValueGen(seed);
    TextWriter.Options compact = TextWriter.Options.DEFAULT;
    TextWriter.Options indented = compact.withIndent(2);
    TextWriter.Options bare = compact.withAnnotations(false);
    TextReader.Options drop = TextReader.Options.DEFAULT.withKeepAnnotations(false);
    for (int i = 0; i < VALUES; i++) {
      Value v = gen.value(4, true);
      for (TextWriter.Options o : new TextWriter.Options[] {compact, indented}) {
        String t = TextWriter.toText(v, o);
        Value back = parseOrFail(t, TextReader.Options.DEFAULT, seed, i);
        if (!back.equalsWithAnnotations(v)) fail("seed " + seed + " #" + i + ": " + t + " read back as " + back);
        // annotations dropped by the reader
        Value stripped = parseOrFail(t, drop, seed, i);
        if (!stripped.equalsWithAnnotations(v.strip())) fail("seed " + seed + " #" + i + ": keepAnnotations=false on " + t);
      }
      String line = TextWriter.toText(v, compact);
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) fail("seed " + seed + " #" + i + ": compact output has a line break: " + line);
      String t = TextWriter.toText(v, bare);
      Value back = parseOrFail(t, TextReader.Options.DEFAULT, seed, i);
      if (!back.equalsWithAnnotations(v.strip())) fail("seed " + seed + " #" + i + ": " + t + " (no annotations) read back as " + back);
    }
  }

  /** The shared generator (every kind, deep chains, NaN patterns...), through QuickTheories. */
  @Test
  void sharedGeneratorValuesRoundTripThroughText() {
    TextWriter.Options indented = TextWriter.Options.DEFAULT.withIndent(2);
    qt().withExamples(1500)
        .forAll(ValueGenerators.quickTheories(ValueGenerators.Settings.DEFAULT))
        .check(
            v -> {
              Value compact = TextReader.parse(TextWriter.toText(v, TextWriter.Options.DEFAULT));
              Value pretty = TextReader.parse(TextWriter.toText(v, indented));
              Value bare = TextReader.parse(TextWriter.toText(v, TextWriter.Options.DEFAULT.withAnnotations(false)));
              return compact.equalsWithAnnotations(v)
                  && pretty.equalsWithAnnotations(v)
                  && bare.equalsWithAnnotations(v.strip());
            });
  }

  private static Value parseOrFail(String t, TextReader.Options o, long seed, int i) {
    try {
      return TextReader.parse(t, o);
    } catch (PreservesException e) {
      throw new AssertionError("seed " + seed + " #" + i + ": could not read back " + t + ": " + e.getMessage(), e);
    }
  }

  @Test
  void everyProperPrefixNeedsMoreInputAndTheWholeParses() {
    long seed = seed();
    TextValueGen gen = new TextValueGen(seed);
    for (int i = 0; i < 400; i++) {
      Value v = gen.value(3, true);
      String t = TextWriter.toText(v);
      for (int cut = 0; cut < t.length(); cut++) {
        if (cut > 0 && Character.isLowSurrogate(t.charAt(cut))) continue;
        TextReader.Attempt a = TextReader.tryParse(t.substring(0, cut), TextReader.Options.DEFAULT);
        if (!(a instanceof TextReader.NeedMore)) fail("seed " + seed + " #" + i + ": prefix " + cut + " of " + t + " gave " + a);
      }
      TextReader.Attempt a = TextReader.tryParse(t + "\n", TextReader.Options.DEFAULT);
      assertThat(a).isInstanceOf(TextReader.Parsed.class);
      TextReader.Parsed p = (TextReader.Parsed) a;
      assertThat(p.end()).isEqualTo(t.length());
      assertThat(p.value().equalsWithAnnotations(v)).as(t).isTrue();
    }
  }

  @Test
  void randomAndMutatedTextOnlyThrowsPreservesExceptions() {
    long seed = seed();
    TextValueGen gen = new TextValueGen(seed);
    String alphabet = "<>[]{}#@:,\"|\\ \n\tabc01-+.eExd!t f=/_ é𝄞\uD834";
    int ran = 0;
    for (int i = 0; i < 20000; i++) {
      String input;
      if (i % 2 == 0) {
        StringBuilder sb = new StringBuilder();
        int n = gen.nextInt(30);
        for (int j = 0; j < n; j++) sb.append(alphabet.charAt(gen.nextInt(alphabet.length())));
        input = sb.toString();
      } else {
        StringBuilder sb = new StringBuilder(TextWriter.toText(gen.value(3, true)));
        int edits = 1 + gen.nextInt(3);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
          int at = gen.nextInt(sb.length());
          switch (gen.nextInt(3)) {
            case 0 -> sb.deleteCharAt(at);
            case 1 -> sb.insert(at, alphabet.charAt(gen.nextInt(alphabet.length())));
            default -> sb.setCharAt(at, alphabet.charAt(gen.nextInt(alphabet.length())));
          }
        }
        input = sb.toString();
      }
      try {
        TextReader.parse(input);
      } catch (PreservesException e) {
        // fine: SyntaxError or EndOfInputException
      } catch (RuntimeException | Error e) {
        throw new AssertionError("seed " + seed + " #" + i + ": parse(" + input + ") threw " + e, e);
      }
      try {
        TextReader.parseAll(input);
        TextReader.tryParse(input, TextReader.Options.DEFAULT);
      } catch (PreservesException e) {
        // fine
      } catch (RuntimeException | Error e) {
        throw new AssertionError("seed " + seed + " #" + i + ": parseAll/tryParse(" + input + ") threw " + e, e);
      }
      ran++;
    }
    System.out.println("random/mutated inputs tried: " + ran);
  }
}
