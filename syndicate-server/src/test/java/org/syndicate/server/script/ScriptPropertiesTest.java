package org.syndicate.server.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * Seeded random tests (the seed is printed; rerun with {@code -Dscript.seed=N}): the compiler
 * never throws anything but its own error on any input, and compiled patterns bind each binder
 * name to the value at its own position.
 */
class ScriptPropertiesTest {
  static final long SEED = Long.getLong("script.seed", System.nanoTime());

  static final String[] WORDS = {
    "?", "??", "?-", "!", "+=", "let", "=", "=~", "$x", "$.", "$", "_", "?x", "?", "=y", "dataspace",
    "timestamp", "facet", "scriptdir", "stringify", "join", "*", "accept", "rewrite", "or", "reject", "foo"
  };

  static Value randomToken(SplittableRandom r, int depth) {
    int k = r.nextInt(depth > 3 ? 3 : 7);
    return switch (k) {
      case 0, 1 -> Symbol.of(WORDS[r.nextInt(WORDS.length)]);
      case 2 -> r.nextBoolean() ? SignedInteger.of(r.nextInt(3)) : StringValue.of("s");
      case 3 -> {
        List<Value> fields = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) fields.add(randomToken(r, depth + 1));
        yield RecordValue.of(Symbol.of(WORDS[r.nextInt(WORDS.length)]), fields);
      }
      case 4, 5 -> {
        List<Value> items = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) items.add(randomToken(r, depth + 1));
        yield Sequence.of(items);
      }
      default -> {
        Dictionary.Builder b = Dictionary.builder();
        for (int i = r.nextInt(3); i > 0; i--) b.put(randomToken(r, depth + 2), randomToken(r, depth + 1));
        yield b.build();
      }
    };
  }

  @Test
  void compilerOnlyEverThrowsItsOwnError() {
    System.out.println("ScriptPropertiesTest seed: " + SEED);
    SplittableRandom r = new SplittableRandom(SEED);
    int ok = 0, bad = 0;
    for (int n = 0; n < 3000; n++) {
      List<Value> tokens = new ArrayList<>();
      for (int i = r.nextInt(8); i >= 0; i--) tokens.add(randomToken(r, 0));
      try {
        CompiledScript s = Script.compile(Path.of("p.pr"), tokens, SourceMap.none(), Script.Options.DEFAULT);
        assertThat(s.body().describe()).isNotNull();
        ok++;
      } catch (ScriptParseException e) {
        assertThat(e.errors()).isNotEmpty();
        bad++;
      }
    }
    System.out.println("compiled " + ok + ", rejected " + bad);
    assertThat(ok).isPositive();
    assertThat(bad).isPositive();
  }

  @Test
  void deepValuesBuiltInMemoryAreRejectedNotOverflowed() {
    Value deep = Sequence.of();
    for (int i = 0; i < 100_000; i++) deep = RecordValue.of(Symbol.of("r"), deep);
    List<Value> tokens = List.of(deep);
    try {
      Script.compile(Path.of("d.pr"), tokens, SourceMap.none(), Script.Options.DEFAULT);
      throw new AssertionError("accepted");
    } catch (ScriptParseException e) {
      assertThat(e.errors().get(0).message()).isEqualTo("Value nested too deeply (more than 512 levels)");
    }
  }

  @Test
  void loaderOnlyEverThrowsItsOwnErrorOnRandomText() {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    String alphabet = "<>[]{}#:@\"|$?_=!+-~ \n\tabc01.,;\\x";
    for (int n = 0; n < 3000; n++) {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(30); i > 0; i--) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      try {
        Script.load(Path.of("t.pr"), sb.toString());
      } catch (ScriptParseException e) {
        assertThat(e.errors()).allSatisfy(err -> assertThat(err.position()).isNotNull());
      }
    }
  }

  /** A random pattern source, and alongside it a value it matches with the expected captures. */
  record Sample(Value pattern, Value witness, List<String> names, List<Value> captures) {}

  static int counter;

  static Sample sample(SplittableRandom r, int depth) {
    int k = r.nextInt(depth > 3 ? 3 : 7);
    switch (k) {
      case 0 -> {
        Value w = SignedInteger.of(r.nextInt(100));
        return new Sample(Symbol.of("_"), w, List.of(), List.of());
      }
      case 1 -> {
        Value w = StringValue.of("w" + r.nextInt(100));
        String name = "v" + (counter++);
        return new Sample(Symbol.of("?" + name), w, List.of(name), List.of(w));
      }
      case 2 -> {
        Value w = Symbol.of("lit" + r.nextInt(3));
        return new Sample(w, w, List.of(), List.of());
      }
      case 3 -> { // <?x P>
        Sample inner = sample(r, depth + 1);
        String name = "b" + (counter++);
        List<String> names = new ArrayList<>(List.of(name));
        names.addAll(inner.names());
        List<Value> caps = new ArrayList<>(List.of(inner.witness()));
        caps.addAll(inner.captures());
        return new Sample(RecordValue.of(Symbol.of("?" + name), inner.pattern()), inner.witness(), names, caps);
      }
      case 4, 5 -> { // record or sequence
        List<Value> ps = new ArrayList<>(), ws = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Value> caps = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          Sample s = sample(r, depth + 1);
          ps.add(s.pattern());
          ws.add(s.witness());
          names.addAll(s.names());
          caps.addAll(s.captures());
        }
        if (r.nextBoolean()) ws.add(SignedInteger.of(99)); // open matching: extra items are ignored
        return k == 4
            ? new Sample(RecordValue.of(Symbol.of("r"), ps), RecordValue.of(Symbol.of("r"), ws), names, caps)
            : new Sample(Sequence.of(ps), Sequence.of(ws), names, caps);
      }
      default -> { // dictionary: binders in key order
        Dictionary.Builder pb = Dictionary.builder(), wb = Dictionary.builder();
        List<Map.Entry<Value, Sample>> entries = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          Value key = r.nextBoolean() ? Symbol.of("k" + r.nextInt(5)) : StringValue.of("k" + r.nextInt(5));
          if (entries.stream().anyMatch(e -> e.getKey().equals(key))) continue;
          entries.add(Map.entry(key, sample(r, depth + 1)));
        }
        entries.sort(Map.Entry.comparingByKey());
        List<String> names = new ArrayList<>();
        List<Value> caps = new ArrayList<>();
        for (Map.Entry<Value, Sample> e : entries) {
          pb.put(e.getKey(), e.getValue().pattern());
          wb.put(e.getKey(), e.getValue().witness());
          names.addAll(e.getValue().names());
          caps.addAll(e.getValue().captures());
        }
        wb.put(Symbol.of("extra"), SignedInteger.of(0));
        return new Sample(pb.build(), wb.build(), names, caps);
      }
    }
  }

  @Test
  void bindersNameTheirOwnCaptures() {
    SplittableRandom r = new SplittableRandom(SEED + 2);
    Env env = Env.of(null, Map.of(), Env.NO_ATTENUATION);
    for (int n = 0; n < 2000; n++) {
      Sample s = sample(r, 0);
      CompiledPattern p = CompiledPattern.compile(s.pattern(), SourceMap.none(), null);
      assertThat(p.binders()).as("binders of %s", s.pattern()).isEqualTo(s.names());
      List<Value> captures = p.instantiate(env).match(s.witness());
      assertThat(captures).as("%s ~ %s", s.pattern(), s.witness()).isEqualTo(s.captures());
    }
  }
}
