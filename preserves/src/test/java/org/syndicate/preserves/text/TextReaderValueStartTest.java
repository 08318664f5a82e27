package org.syndicate.preserves.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.IdentityHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;

/** {@link TextReader#onValueStart}: every value object of the result is reported with its start. */
class TextReaderValueStartTest {
  @Test
  void reportsTheStartOfEveryValueObject() {
    String text = "# c\n<a [1 @x 2] {k: v}> #t\n";
    IdentityHashMap<Value, Integer> starts = new IdentityHashMap<>();
    TextReader r = new TextReader(text).onValueStart(starts::put);
    Value first = r.next();
    Value second = r.next();
    assertThat(r.next()).isNull();
    RecordValue rec = (RecordValue) first;
    Sequence seq = (Sequence) rec.field(0);
    assertThat(starts.get(first)).isEqualTo(text.indexOf('<'));
    assertThat(starts.get(rec.label())).isEqualTo(text.indexOf('a'));
    assertThat(starts.get(seq)).isEqualTo(text.indexOf('['));
    assertThat(starts.get(seq.get(0))).isEqualTo(text.indexOf('1'));
    assertThat(starts.get(seq.get(1))).isEqualTo(text.indexOf('2')); // the value, not its annotation
    Value dict = rec.field(1);
    assertThat(starts.get(dict)).isEqualTo(text.indexOf('{'));
    assertThat(starts.get(second)).isEqualTo(text.indexOf("#t"));
    assertThat(starts).hasSize(9); // <..> a [..] 1 2 {..} k v #t
    assertThat(List.of(first, second)).isEqualTo(TextReader.parseAll(text));
  }
}
