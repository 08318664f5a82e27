package org.syndicate.preserves.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * Each .prs syntax form compiles to the metaschema form of preserves.md §5.2, including forms the
 * reference vectors do not exercise (leading {@code &}, a lone named tail, {@code <<lit> v>},
 * string and integer variant labels, several module components).
 */
class SchemaCompilerTest {
  static Value definition(String body) {
    Value schema = BundleCompiler.compileText("version 1 .\nD = " + body + " .\n", "t.prs");
    return ((Dictionary) ((Dictionary) ((RecordValue) schema).field(0)).get("definitions")).get("D");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "any | any",
      "bool | <atom Boolean>",
      "double | <atom Double>",
      "int | <atom SignedInteger>",
      "string | <atom String>",
      "bytes | <atom ByteString>",
      "symbol | <atom Symbol>",
      "=foo | <lit foo>",
      "12 | <lit 12>",
      "\"x\" | <lit \"x\">",
      "#t | <lit #t>",
      "#x\"00ff\" | <lit #x\"00ff\">",
      "<<lit> <a [1]>> | <lit <a [1]>>",
      "Name | <ref [] Name>",
      "m.Name | <ref [m] Name>",
      "a.b.Name | <ref [a b] Name>",
      "#:any | <embedded any>",
      "#:Cap | <embedded <ref [] Cap>>",
      "[int ...] | <seqof <atom SignedInteger>>",
      "#{string} | <setof <atom String>>",
      "{symbol: any ...:...} | <dictof <atom Symbol> any>",
      "<point @x int @y int> | <rec <lit point> <tuple [<named x <atom SignedInteger>> <named y <atom SignedInteger>>]>>",
      "<cmd @name string @args string ...> | <rec <lit cmd> <tuplePrefix [<named name <atom String>>] <named args <seqof <atom String>>>>>",
      "<<rec> @label any @fields [any ...]> | <rec <named label any> <named fields <seqof any>>>",
      "[@a int @b int] | <tuple [<named a <atom SignedInteger>> <named b <atom SignedInteger>>]>",
      "[=tag int ...] | <tuplePrefix [<lit tag>] <seqof <atom SignedInteger>>>",
      "[@rest int ...] | <tuplePrefix [] <named rest <seqof <atom SignedInteger>>>>",
      "{a: int b: @bee string 0: bool} | <dict {a: <named a <atom SignedInteger>> b: <named bee <atom String>> 0: <atom Boolean>}>",
      "<outer <inner @x int>> | <rec <lit outer> <tuple [<rec <lit inner> <tuple [<named x <atom SignedInteger>>]>>]>>",
      "/ <a> / <b @x int> | <or [[\"a\" <rec <lit a> <tuple []>>] [\"b\" <rec <lit b> <tuple [<named x <atom SignedInteger>>]>>]]>",
      "=x / \"y\" / 3 / #f / m.R / @named any | <or [[\"x\" <lit x>] [\"y\" <lit \"y\">] [\"3\" <lit 3>] [\"false\" <lit #f>] [\"R\" <ref [m] R>] [\"named\" any]]>",
      "& {a: int} & @rest R | <and [<dict {a: <named a <atom SignedInteger>>}> <named rest <ref [] R>>]>",
  })
  void formCompilesTo(String source, String expected) {
    assertThat(definition(source)).isEqualTo(TextReader.parse(expected));
  }

  @Test
  void commentsAreDocumentationAndDropped() {
    Value withComments = BundleCompiler.compileText(
        "# a schema\nversion 1 .\n# the point\nP = <p # x first\n @x int\n # then y\n @y int> # end\n.\n", "t.prs");
    Value without = BundleCompiler.compileText("version 1 . P = <p @x int @y int> .", "t.prs");
    assertThat(withComments).isEqualTo(without);
    assertThat(withComments.strip().equalsWithAnnotations(withComments)).isTrue();
  }

  @Test
  void embeddedTypeAndVersion() {
    Value s = BundleCompiler.compileText("version 1 . embeddedType EntityRef.Cap .", "t.prs");
    assertThat(s).isEqualTo(TextReader.parse("<schema {version: 1 embeddedType: <ref [EntityRef] Cap> definitions: {}}>"));
    Value f = BundleCompiler.compileText("version 1 . embeddedType #f . A = int", "t.prs");
    assertThat(f).isEqualTo(TextReader.parse("<schema {version: 1 embeddedType: #f definitions: {A: <atom SignedInteger>}}>"));
  }

  @Test
  void javaNamesFollowTheOtherGenerators() {
    assertThat(JavaNames.upperCamel("tcp-local")).isEqualTo("TcpLocal");
    assertThat(JavaNames.upperCamel("dequeueInternal")).isEqualTo("DequeueInternal");
    assertThat(JavaNames.upperCamel("false")).isEqualTo("False");
    assertThat(JavaNames.lowerCamel("service-name")).isEqualTo("serviceName");
    assertThat(JavaNames.lowerCamel("interface")).isEqualTo("interface_");
    assertThat(JavaNames.lowerCamel("unparse")).isEqualTo("unparse_");
    assertThat(JavaNames.lowerCamel("org")).isEqualTo("org_");
    assertThat(JavaNames.lowerCamel("0x")).isEqualTo("_0x");
    assertThat(JavaNames.packageSegment("dataspacePatterns")).isEqualTo("dataspacepatterns");
  }
}
