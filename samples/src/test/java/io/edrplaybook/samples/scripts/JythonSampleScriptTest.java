package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.python.core.Py;
import org.python.core.PyObject;
import org.python.util.PythonInterpreter;

/**
 * The sample scripts on Jython 2.7, in this JVM, through the same driver as the CPython tests
 * (plain Jython, not the engine's Jython runner).
 */
class JythonSampleScriptTest extends ScriptTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static PythonInterpreter jython;
  private static StringWriter output;

  @BeforeAll
  static void startJython() throws URISyntaxException {
    Properties properties = new Properties();
    properties.setProperty("python.import.site", "false");
    properties.setProperty("python.cachedir.skip", "true");
    PythonInterpreter.initialize(System.getProperties(), properties, new String[0]);
    jython = new PythonInterpreter();
    output = new StringWriter();
    jython.setOut(output);
    jython.setErr(output);
    jython.set("__name__", "script_driver"); // keeps the driver's main() (reads stdin) from running
    jython.execfile(Path.of(JythonSampleScriptTest.class.getResource("script_driver.py").toURI()).toString());
  }

  @AfterAll
  static void stopJython() {
    jython.close();
  }

  private JsonNode call(SampleScript script, String entry, Map<String, Object> ctx) throws Exception {
    PyObject function = jython.get("call_json");
    PyObject answer = function.__call__(Py.newUnicode(ScriptHarness.SCRIPTS.resolve(script.file()).toString()),
        Py.newUnicode(entry), Py.newUnicode(JSON.writeValueAsString(ctx)));
    return JSON.readTree(answer.asString());
  }

  private Map<String, Object> goodCtx(SampleScript script) {
    return script.ctx(mock.port(), script.goodAuth(), SampleScript.maliciousEvent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.edrplaybook.samples.scripts.SampleScript#all")
  void runSucceedsOnJythonAndReachesTheService(SampleScript script) throws Exception {
    JsonNode answer = call(script, "run", goodCtx(script));

    assertTrue(answer.path("ok").asBoolean(), () -> answer + "\n" + output);
    assertTrue(answer.path("result").path("message").asText().startsWith(script.service().label() + ": "),
        answer::toString);
    assertEquals(1, mock.requests(script.service()).size());
    assertTrue(mock.requests(script.service()).get(0).authorized());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.edrplaybook.samples.scripts.SampleScript#all")
  void testSucceedsOnJython(SampleScript script) throws Exception {
    JsonNode answer = call(script, "test", goodCtx(script));

    assertTrue(answer.path("ok").asBoolean(), () -> answer + "\n" + output);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.edrplaybook.samples.scripts.SampleScript#all")
  void serviceUnavailableRaisesATransientErrorOnJython(SampleScript script) throws Exception {
    mock.failNext(script.service(), 1, 503);

    JsonNode answer = call(script, "run", goodCtx(script));

    assertEquals("ConnectorUnavailable", answer.path("type").asText(), answer::toString);
    assertTrue(answer.path("transient").asBoolean(), answer::toString);
  }
}
