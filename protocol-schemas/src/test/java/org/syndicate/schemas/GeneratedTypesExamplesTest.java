package org.syndicate.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.schema.SchemaParseException;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.schemas.dataspace.Observe;
import org.syndicate.schemas.dataspacepatterns.GroupType;
import org.syndicate.schemas.externalservices.CommandLine;
import org.syndicate.schemas.externalservices.DaemonProcess;
import org.syndicate.schemas.externalservices.DaemonProcessSpec;
import org.syndicate.schemas.externalservices.ProcessEnv;
import org.syndicate.schemas.externalservices.RestartField;
import org.syndicate.schemas.externalservices.RestartPolicy;
import org.syndicate.schemas.gatekeeper.Resolve;
import org.syndicate.schemas.internalservices.TcpRelayListener;
import org.syndicate.schemas.protocol.Event;
import org.syndicate.schemas.protocol.Packet;
import org.syndicate.schemas.protocol.TurnEvent;
import org.syndicate.schemas.service.ServiceState;
import org.syndicate.schemas.service.State;
import org.syndicate.schemas.sturdy.CaveatsField;
import org.syndicate.schemas.sturdy.Caveat;
import org.syndicate.schemas.sturdy.SturdyRef;
import org.syndicate.schemas.sturdy.WireRef;

/**
 * Generated types on concrete examples: the wire packets of testdata/protocol/README.md, the
 * config-space records of syndicate-server.md Appendix A, openness, and rejection of malformed
 * values with the path of the failure.
 */
class GeneratedTypesExamplesTest {
  static final Path SHARED = Path.of(System.getProperty("shared.dir", "../../shared"));

  static Value v(String text) {
    return TextReader.parse(text);
  }

  record PacketCase(String title, String text, String hex) {}

  static List<PacketCase> packetCases() throws IOException {
    String md = Files.readString(SHARED.resolve("testdata/protocol/README.md"));
    List<PacketCase> out = new ArrayList<>();
    Matcher m = Pattern.compile("## (\\d+\\.[^\\n]*)\\n+```\\n(.*?)\\n```\\n+```\\n([0-9a-f]+)\\n```", Pattern.DOTALL).matcher(md);
    while (m.find()) out.add(new PacketCase(m.group(1), m.group(2), m.group(3)));
    return out;
  }

  @Test
  void everyReadmePacketRoundTripsThroughTheGeneratedTypesByteForByte() throws IOException {
    List<PacketCase> cases = packetCases();
    assertThat(cases).hasSize(10);
    for (PacketCase c : cases) {
      Value value = v(c.text());
      Value typedBack;
      if (c.title().startsWith("1.")) {
        typedBack = SturdyRef.parse(value).unparse();
      } else {
        typedBack = Packet.parse(value).unparse();
      }
      assertThat(typedBack).as(c.title()).isEqualTo(value);
      assertThat(HexFormat.of().formatHex(BinaryWriter.canonical(typedBack))).as(c.title()).isEqualTo(c.hex());
    }
  }

  @Test
  void readmePacketsParseToTheExpectedShapes() throws IOException {
    List<PacketCase> cases = packetCases();
    SturdyRef ref = SturdyRef.parse(v(cases.get(0).text()));
    assertThat(ref.parameters().oid()).isEqualTo(v("\"syndicate\""));
    assertThat(ref.parameters().sig().toHex()).isEqualTo("69ca300c1dbfa08fba692102dd82311a");
    assertThat(ref.parameters().caveats()).isInstanceOf(CaveatsField.Absent.class);

    Packet resolve = Packet.parse(v(cases.get(1).text()));
    TurnEvent te = ((Packet.Turn) resolve).value().value().get(0);
    assertThat(te.oid().value()).isEqualTo(BigInteger.ZERO);
    var assertion = ((Event.Assert) te.event()).value();
    assertThat(assertion.handle().value()).isEqualTo(BigInteger.ZERO);
    Resolve r = Resolve.parse(assertion.assertion().value());
    assertThat(r.step().stepType()).isEqualTo("ref");
    assertThat(r.observer()).isEqualTo(v("[0 1]"));
    assertThat(WireRef.parse((Value) r.observer())).isInstanceOf(WireRef.Mine.class);

    var ok = ((Event.Assert) ((Packet.Turn) Packet.parse(v(cases.get(2).text()))).value().value().get(0).event()).value();
    assertThat(org.syndicate.schemas.rpc.Result.parse(ok.assertion().value())).isInstanceOf(org.syndicate.schemas.rpc.Result.Ok.class);

    var obs = ((Event.Assert) ((Packet.Turn) Packet.parse(v(cases.get(3).text()))).value().value().get(0).event()).value();
    Observe observe = Observe.parse(obs.assertion().value());
    var group = (org.syndicate.schemas.dataspacepatterns.Pattern.Group) observe.pattern();
    assertThat(((GroupType.Rec) group.type()).label()).isEqualTo(Symbol.of("Says"));
    assertThat(group.entries()).hasSize(2);
    assertThat(group.entries().values()).allMatch(p -> p instanceof org.syndicate.schemas.dataspacepatterns.Pattern.Bind);

    Packet multi = Packet.parse(v(cases.get(5).text()));
    assertThat(((Packet.Turn) multi).value().value()).extracting(TurnEvent::event)
        .hasExactlyElementsOfTypes(Event.Assert.class, Event.Message.class, Event.Retract.class);
    Packet sync = Packet.parse(v(cases.get(6).text()));
    assertThat(((Packet.Turn) sync).value().value().get(0).event()).isInstanceOf(Event.Sync.class);

    var hello = ((Event.Assert) ((Packet.Turn) Packet.parse(v(cases.get(7).text()))).value().value().get(0).event()).value();
    Value payload = (Value) ((Embedded) ((org.syndicate.preserves.RecordValue) hello.assertion().value()).field(0)).payload();
    WireRef.Yours yours = (WireRef.Yours) WireRef.parse(payload);
    assertThat(yours.oid().value()).isEqualTo(BigInteger.valueOf(9));
    assertThat(yours.attenuation()).singleElement().isInstanceOf(Caveat.Reject.class);

    Packet error = Packet.parse(v(cases.get(8).text()));
    assertThat(((Packet.Error) error).value().message()).isEqualTo("Assertion with duplicate handle");
    assertThat(Packet.parse(v(cases.get(9).text()))).isInstanceOf(Packet.Nop.class);
    // any other record is an Extension packet
    assertThat(Packet.parse(v("<frobnicate 1 2>"))).isInstanceOf(Packet.Extension.class);
  }

  /** Appendix A of syndicate-server.md: each record parses with its schema type and unparses identically. */
  @ParameterizedTest
  @ValueSource(strings = {
      "service.RequireService <require-service <daemon web>>",
      "service.RunService <run-service <daemon web>>",
      "service.ServiceState <service-state <daemon web> started>",
      "service.ServiceState <service-state <daemon web> ready>",
      "service.ServiceState <service-state <daemon web> failed>",
      "service.ServiceState <service-state <daemon web> complete>",
      "service.ServiceState <service-state <daemon web> <custom 1>>",
      "service.ServiceObject <service-object <daemon web> #:[0 3]>",
      "service.ServiceDependency <depends-on <daemon web> <service-state <daemon db> ready>>",
      "service.RestartService <restart-service <daemon web>>",
      "externalservices.DaemonService <daemon web>",
      "externalservices.DaemonProcess <daemon web \"httpd -f\">",
      "externalservices.DaemonProcess <daemon web [\"httpd\" \"-f\" \"/etc/httpd.conf\"]>",
      "externalservices.DaemonProcess <daemon init <one-shot \"mkdir -p /run/x\">>",
      "externalservices.DaemonProcess <daemon web {argv: [\"httpd\"] env: {PORT: \"80\" DEBUG: #f} dir: \"/srv\" clearEnv: #t readyOnStart: #f restart: on-error protocol: application/syndicate}>",
      "internalservices.ConfigWatcher <config-watcher \"/etc/syndicate\" {config: #:[0 1] gatekeeper: #:[0 2]}>",
      "internalservices.TcpWithoutHttp <relay-listener <tcp \"0.0.0.0\" 8001> #:[0 1]>",
      "internalservices.TcpWithHttp <relay-listener <tcp \"0.0.0.0\" 8080> #:[0 1] #:[0 2]>",
      "internalservices.UnixRelayListener <relay-listener <unix \"/tmp/syndicate.sock\"> #:[0 1]>",
      "internalservices.Gatekeeper <gatekeeper #:[0 4]>",
      "internalservices.DebtReporter <debt-reporter 1.0>",
      "internalservices.HttpRouter <http-router #:[0 5]>",
      "internalservices.HttpStaticFileServer <http-static-files \"/var/www\" 1>",
      "gatekeeper.Bind <bind <ref {oid: \"syndicate\" key: #x\"\"}> #:[0 6] #f>",
      "gatekeeper.Bind <bind <noise {service: demo key: #x\"00\" secretKey: #x\"01\"}> #:[0 6] #:[0 7]>",
      "gatekeeper.Resolve <resolve <ref {oid: \"syndicate\" sig: #x\"69ca300c1dbfa08fba692102dd82311a\"}> #:[0 8]>",
      "rpc.Question <q <connect-transport <tcp \"localhost\" 9001>>>",
      "rpc.Answer <a <connect-transport <tcp \"localhost\" 9001>> <ok #:[0 9]>>",
      "gatekeeper.ConnectTransport <connect-transport <tcp \"localhost\" 9001>>",
      "gatekeeper.ResolvePath <resolve-path <route [<tcp \"localhost\" 9001>] <ref {oid: \"syndicate\" sig: #x\"00\"}>>>",
      "gatekeeper.ResolvePathStep <resolve-path-step #:[0 10] <ref {oid: \"syndicate\" sig: #x\"00\"}>>",
      "control.ExitServer <exit 0>",
  })
  void appendixARecordsRoundTrip(String example) throws Exception {
    int sp = example.indexOf(' ');
    String type = "org.syndicate.schemas." + example.substring(0, sp);
    Value value = v(example.substring(sp + 1));
    Class<?> cls = Class.forName(type);
    Object typed = cls.getMethod("parse", Value.class).invoke(null, value);
    Value back = (Value) typed.getClass().getMethod("unparse").invoke(typed);
    assertThat(back).isEqualTo(value);
  }

  @Test
  void configRecordsGiveComfortableTypedAccess() {
    ServiceState ready = ServiceState.parse(v("<service-state <daemon web> ready>"));
    assertThat(ready.state()).isInstanceOf(State.Ready.class);
    assertThat(ready.serviceName()).isEqualTo(v("<daemon web>"));
    assertThat(ServiceState.parse(v("<service-state x <custom>>")).state()).isEqualTo(new State.UserDefined(v("<custom>")));

    DaemonProcess d = DaemonProcess.parse(v(
        "<daemon web {argv: [\"httpd\" \"-f\"] env: {PORT: \"80\"} restart: always}>"));
    var full = ((DaemonProcessSpec.Full) d.config()).value();
    var argv = ((CommandLine.Full) full.process().argv()).value();
    assertThat(argv.program()).isEqualTo("httpd");
    assertThat(argv.args()).containsExactly("-f");
    assertThat(full.process().env()).isInstanceOf(ProcessEnv.Present.class);
    assertThat(((RestartField.Present) full.restart()).restart()).isEqualTo(RestartPolicy.Always);
    // an invalid restart value is kept visible, not silently defaulted
    var bad = DaemonProcess.parse(v("<daemon web {argv: \"x\" restart: sometimes}>"));
    assertThat(((DaemonProcessSpec.Full) bad.config()).value().restart()).isInstanceOf(RestartField.Invalid.class);
    // the simple forms
    assertThat(DaemonProcess.parse(v("<daemon web \"httpd\">")).config()).isInstanceOf(DaemonProcessSpec.Simple.class);
    // constructing and unparsing
    assertThat(new org.syndicate.schemas.service.RunService(v("<daemon web>")).unparse()).isEqualTo(v("<run-service <daemon web>>"));
    assertThat(new org.syndicate.schemas.protocol.Handle(BigInteger.TEN).unparse()).isEqualTo(v("10"));
    assertThat(ByteString.fromHex("00")).isEqualTo(v("#x\"00\""));
  }

  @Test
  void parsingIsOpenWhereTheReferenceIsOpen() {
    // records with extra fields parse, and the extras are dropped (syndicate-server.md §6)
    assertThat(org.syndicate.schemas.service.RunService.parse(v("<run-service <daemon web> extra>")).unparse())
        .isEqualTo(v("<run-service <daemon web>>"));
    // ...so the 3-field relay-listener also matches the 2-field alternative first (bug B22)
    assertThat(TcpRelayListener.parse(v("<relay-listener <tcp \"h\" 1> #:[0 1] #:[0 2]>")))
        .isInstanceOf(TcpRelayListener.TcpWithoutHttp.class);
    // dictionaries may carry extra keys
    assertThat(SturdyRef.parse(v("<ref {oid: 1 sig: #x\"00\" extra: 2}>")).parameters().oid()).isEqualTo(v("1"));
    // tuples are exact
    assertThatThrownBy(() -> TurnEvent.parse(v("[1 <R 2> 3]"))).isInstanceOf(SchemaParseException.class);
  }

  @Test
  void malformedValuesAreRejectedWithThePathAndWhatWasExpected() {
    assertThatThrownBy(() -> Packet.parse(v("[[0 <A <foo> x>]]")))
        .isInstanceOf(SchemaParseException.class)
        .hasMessage("at [0][1][1]: expected a SignedInteger, found x");
    assertThatThrownBy(() -> Observe.parse(v("<Observe <_> 5>")))
        .hasMessage("at [1]: expected an embedded value, found 5");
    assertThatThrownBy(() -> ServiceState.parse(v("<service-state x>")))
        .hasMessageStartingWith("at top level: expected a record <service-state …> with at least 2 fields");
    assertThatThrownBy(() -> SturdyRef.parse(v("<ref {oid: 1}>")))
        .hasMessage("at [0]: expected a dictionary with the key sig, found {oid: 1}");
    assertThatThrownBy(() -> DaemonProcess.parse(v("<daemon web {argv: 5}>")))
        .hasMessageStartingWith("at [1]{argv}: expected CommandLine (one of: String / FullCommandLine), found 5");
    assertThatThrownBy(() -> org.syndicate.schemas.protocol.Turn.parse(v("[[0 <A 1 2>] [1 <Z>]]")))
        .hasMessageStartingWith("at [1][1]: expected Event (one of: Assert / Retract / Message / Sync)");
    assertThatThrownBy(() -> RestartPolicy.parse(v("sometimes")))
        .hasMessage("at top level: expected RestartPolicy (one of: always / on-error / all / never), found sometimes");
    SchemaParseException e = org.junit.jupiter.api.Assertions.assertThrows(SchemaParseException.class,
        () -> Packet.parse(v("[[0 <A <foo> x>]]")));
    assertThat(e.path()).isEqualTo("[0][1][1]");
    assertThat(e.found()).isEqualTo(v("x"));
    assertThat(Packet.tryParse(v("[[0 <A <foo> x>]]"))).isEmpty();
  }

  @Test
  void embeddedFieldsHoldThePayloadObject() {
    Object ref = new Object();
    Observe o = new Observe(new org.syndicate.schemas.dataspacepatterns.Pattern.Discard(), ref);
    Value asValue = o.unparse();
    assertThat(((Embedded) ((org.syndicate.preserves.RecordValue) asValue).field(1)).payload()).isSameAs(ref);
    assertThat(Observe.parse(asValue).observer()).isSameAs(ref);
    Function<Value, Observe> parse = Observe::parse;
    assertThat(parse.apply(asValue)).isEqualTo(o);
  }
}
