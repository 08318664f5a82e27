package org.syndicate.preserves.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryWriter.Mode;

/**
 * Runs the Preserves sample suite ({@code testdata/preserves/samples.bin}, see that folder's
 * README) against the binary codec: expectations 1, 2, 3, 4, 7, 8 (Test only) for {@code Test} and
 * {@code NondeterministicTest}, 30 for {@code DecodeError}, 31 for {@code DecodeShort}, 32 for
 * {@code DecodeEOF}. The text expectations (5, 6, 20–22) belong to {@code TextSamplesTest}.
 */
class BinarySamplesTest {
  private static final BinaryReader.Options KEEP = BinaryReader.Options.WITH_ANNOTATIONS;

  /** @return the shared test-data folder; fails (never skips) when it is missing. */
  static Path sharedDir() {
    String dir = System.getProperty("shared.dir");
    if (dir == null) fail("system property shared.dir is not set (the root pom's Surefire config sets it)");
    Path p = Path.of(dir);
    if (!Files.isDirectory(p)) fail("shared.dir " + p + " is not a directory");
    return p;
  }

  static byte[] readShared(String relative) throws IOException {
    Path p = sharedDir().resolve(relative);
    if (!Files.isRegularFile(p)) fail("missing test data file " + p);
    return Files.readAllBytes(p);
  }

  static Dictionary loadCases() throws IOException {
    Value root = BinaryReader.decode(readShared("testdata/preserves/samples.bin"), KEEP);
    assertThat(root.isRecord("TestCases", 1)).as("samples.bin is <TestCases {...}>").isTrue();
    return (Dictionary) ((RecordValue) root).field(0);
  }

  @Test
  void wholeFileReencodesByteForByte() throws IOException {
    byte[] file = readShared("testdata/preserves/samples.bin");
    Value root = BinaryReader.decode(file, KEEP);
    assertThat(BinaryWriter.encode(root, Mode.CANONICAL_WITH_ANNOTATIONS)).isEqualTo(file);
    assertThat(BinaryReader.decode(BinaryWriter.canonical(root))).satisfies(v -> assertThat(v.equalsWithAnnotations(root.strip())).isTrue());
  }

  @Test
  void everyKindIsPresentWithTheDocumentedCount() throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (Value c : loadCases().values()) counts.merge(((Symbol) ((RecordValue) c).label()).name(), 1, Integer::sum);
    System.out.println("samples.bin cases by kind: " + counts + " (binary expectations run for Test, NondeterministicTest, Decode*)");
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Test", 127,
                "NondeterministicTest", 6,
                "ParseError", 37,
                "ParseShort", 7,
                "ParseEOF", 1,
                "DecodeError", 6,
                "DecodeShort", 1,
                "DecodeEOF", 1));
  }

  /** Cases whose checks ran to completion, by kind (filled by the dynamic tests). */
  private static final Map<String, Integer> RAN = new java.util.concurrent.ConcurrentSkipListMap<>();

  private static DynamicTest counted(String kind, String name, org.junit.jupiter.api.function.Executable check) {
    return DynamicTest.dynamicTest(
        kind + " " + name,
        () -> {
          check.execute();
          RAN.merge(kind, 1, Integer::sum);
        });
  }

  @AfterAll
  static void reportWhatRan() {
    System.out.println("BinarySamplesTest: cases checked by kind: " + RAN + " (Parse* kinds are text-only: TextSamplesTest)");
  }

  @TestFactory
  Stream<DynamicTest> sampleCases() throws IOException {
    Dictionary cases = loadCases();
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      String name = ((Symbol) cases.keys().get(i)).name();
      RecordValue c = (RecordValue) cases.values().get(i);
      String kind = ((Symbol) c.label()).name();
      switch (kind) {
        case "Test", "NondeterministicTest" ->
            tests.add(counted(kind, name, () -> checkTest(c, kind.equals("Test"))));
        case "DecodeError" ->
            tests.add(
                counted(
                    kind,
                    name,
                    () -> assertThatThrownBy(() -> BinaryReader.decode(bytes(c.field(0)), KEEP)).as("30").isInstanceOf(SyntaxError.class)));
        case "DecodeShort" ->
            tests.add(
                counted(
                    kind,
                    name,
                    () ->
                        assertThatThrownBy(() -> BinaryReader.decode(bytes(c.field(0)), KEEP))
                            .as("31")
                            .isInstanceOfSatisfying(EndOfInputException.class, e -> assertThat(e.atStart()).isFalse())));
        case "DecodeEOF" ->
            tests.add(
                counted(
                    kind,
                    name,
                    () ->
                        assertThatThrownBy(() -> BinaryReader.decode(bytes(c.field(0)), KEEP))
                            .as("32")
                            .isInstanceOfSatisfying(EndOfInputException.class, e -> assertThat(e.atStart()).isTrue())));
        case "ParseError", "ParseShort", "ParseEOF" -> {} // text expectations: TextSamplesTest
        default -> fail("unknown case kind " + kind + " in " + name);
      }
    }
    return tests.stream();
  }

  private static byte[] bytes(Value v) {
    return ((ByteString) v).toByteArray();
  }

  private static void checkTest(RecordValue c, boolean deterministic) {
    byte[] binary = bytes(c.field(0));
    Value annotated = c.field(1);
    Value stripped = annotated.strip();
    // 1. decode(canonicalEncode(annotatedValue)) equals stripped
    assertThat(BinaryReader.decode(BinaryWriter.canonical(annotated), KEEP).equalsWithAnnotations(stripped)).as("1").isTrue();
    // 2. strip(decode(binary)) equals stripped
    assertThat(BinaryReader.decode(binary, KEEP).strip().equalsWithAnnotations(stripped)).as("2").isTrue();
    assertThat(BinaryReader.decode(binary).equalsWithAnnotations(stripped)).as("2 (annotations dropped)").isTrue();
    // 3. decode(binary) equals annotatedValue, annotations included
    assertThat(BinaryReader.decode(binary, KEEP).equalsWithAnnotations(annotated)).as("3").isTrue();
    // 4. decode(annotatedCanonicalEncode(annotatedValue)) equals annotatedValue
    byte[] annotatedCanonical = BinaryWriter.encode(annotated, Mode.CANONICAL_WITH_ANNOTATIONS);
    assertThat(BinaryReader.decode(annotatedCanonical, KEEP).equalsWithAnnotations(annotated)).as("4").isTrue();
    // 7. annotatedCanonicalEncode(annotatedValue) is byte-for-byte binary
    assertThat(annotatedCanonical).as("7").isEqualTo(binary);
    // 8. looseEncode(annotatedValue) is byte-for-byte binary (Test only)
    if (deterministic) assertThat(BinaryWriter.encode(annotated, Mode.AS_IS)).as("8").isEqualTo(binary);
  }
}
