package org.syndicate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.schemas.protocol.Packet;

/**
 * The hand-written {@link WirePacket} parser accepts exactly what the types generated from
 * {@code protocol.prs} accept, and picks the same alternative (seeded mutations of valid packets).
 */
class GeneratedProtocolAgreementTest {
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedProtocolAgreementTest.class);

  private static final List<String> PIECES =
      List.of(
          "[]", "[[0 <A 1 2>]]", "[[0 <R 2>]]", "[[0 <M x>]]", "[[0 <S #:[0 1]>]]", "<error \"m\" #f>",
          "<error 5 6>", "<error \"m\">", "<error \"m\" 1 2>", "<frob>", "<frob 1 2>", "#f", "#t", "1", "\"s\"",
          "[[0 <A 1>]]", "[[0 <A 1 2 3>]]", "[[x <M 1>]]", "[[0 <R x>]]", "[[0 <S 5>]]", "[[0 <Q 1>]]", "[[0]]",
          "[[0 <M 1> 2]]", "[1 2]", "[[0 <M 1>] 5]", "[[1.5 <M 1>]]", "{a: 1}", "#{1}", "[[0 <\"A\" 1 2>]]");

  private static Optional<Value> ours(Value v) {
    try {
      return Optional.of(WirePacket.parse(v).toValue());
    } catch (RelayException e) {
      return Optional.empty();
    }
  }

  private static String kind(WirePacket p) {
    return p.getClass().getSimpleName();
  }

  private static String kind(Packet p) {
    return p.getClass().getSimpleName();
  }

  @Test
  void sameVerdictAndSameAlternative() {
    long seed = new Random().nextLong();
    LOG.info("seed {}", seed);
    Random r = new Random(seed);
    List<Value> cases = new ArrayList<>();
    for (String s : PIECES) cases.add(TextReader.parse(s));
    for (int i = 0; i < 2000; i++) cases.add(mutate(r, TextReader.parse(PIECES.get(r.nextInt(PIECES.size())))));
    for (Value v : cases) {
      Optional<Packet> theirs = Packet.tryParse(v);
      Optional<Value> mine = ours(v);
      assertThat(mine.isPresent()).as("seed %d: %s", seed, v).isEqualTo(theirs.isPresent());
      if (theirs.isPresent()) {
        String k = kind(theirs.get());
        assertThat(kind(WirePacket.parse(v))).as("seed %d: %s", seed, v).endsWith(k);
        assertThat(Packet.parse(mine.get())).as("re-parsed %s", v).isEqualTo(theirs.get());
      }
    }
  }

  /** Small random edits: drop or add a field or item, swap a leaf. */
  private static Value mutate(Random r, Value v) {
    return switch (v) {
      case RecordValue rec -> {
        List<Value> f = new ArrayList<>(rec.fields());
        int k = r.nextInt(4);
        if (k == 0 && !f.isEmpty()) f.remove(r.nextInt(f.size()));
        else if (k == 1) f.add(leaf(r));
        else if (!f.isEmpty()) {
          int i = r.nextInt(f.size());
          f.set(i, mutate(r, f.get(i)));
        }
        yield RecordValue.of(r.nextInt(8) == 0 ? leaf(r) : rec.label(), f);
      }
      case Sequence s -> {
        List<Value> items = new ArrayList<>(s.items());
        int k = r.nextInt(4);
        if (k == 0 && !items.isEmpty()) items.remove(r.nextInt(items.size()));
        else if (k == 1) items.add(r.nextBoolean() ? leaf(r) : TextReader.parse("[0 <M 1>]"));
        else if (!items.isEmpty()) {
          int i = r.nextInt(items.size());
          items.set(i, mutate(r, items.get(i)));
        }
        yield Sequence.of(items);
      }
      default -> r.nextBoolean() ? leaf(r) : v;
    };
  }

  private static Value leaf(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> SignedInteger.of(r.nextInt(5));
      case 1 -> StringValue.of("s");
      case 2 -> Symbol.of(List.of("A", "R", "M", "S", "error", "x").get(r.nextInt(6)));
      case 3 -> BooleanValue.of(r.nextBoolean());
      case 4 -> Embedded.of(WireRef.mine(1));
      default -> Sequence.of();
    };
  }
}
