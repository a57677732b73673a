package io.edrplaybook.consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that compiles with every warning as an error can name the runner providers: what their
 * annotations need is on the class path the library's artifacts bring (here the test class path,
 * built from compile-scope dependencies as a host's is).
 */
class ProviderCompilesCleanTest {

  @Test
  void aClassUsingBothRunnerProvidersCompilesWithAllLintWarningsAsErrors(@TempDir Path dir) throws Exception {
    String source = """
        package host;

        import io.edrplaybook.jython.JythonScriptRunnerProvider;
        import io.edrplaybook.spi.ScriptRunnerProvider;
        import io.edrplaybook.subprocess.SubprocessScriptRunnerProvider;
        import java.util.List;

        public final class Providers {
          private Providers() {}

          public static List<ScriptRunnerProvider> all() {
            return List.of(new JythonScriptRunnerProvider(), new SubprocessScriptRunnerProvider());
          }
        }
        """;
    Javac.Result r = Javac.compile(dir, Map.of("host/Providers.java", source), List.of(
        "-Xlint:all", "-Werror", "-proc:none", "--release", "17",
        "-classpath", System.getProperty("java.class.path")));
    assertTrue(r.ok(), "javac -Xlint:all -Werror failed:\n" + r.diagnostics());
  }

  @Test
  void aModularHostNamingTheCpythonProviderCompilesWithAllLintWarningsAsErrors(@TempDir Path dir) throws Exception {
    String moduleInfo = """
        module host {
          requires io.edrplaybook.subprocess;
        }
        """;
    String source = """
        package host;

        import io.edrplaybook.spi.ScriptRunnerProvider;
        import io.edrplaybook.subprocess.SubprocessScriptRunnerProvider;

        public final class Providers {
          private Providers() {}

          public static ScriptRunnerProvider cpython() {
            return new SubprocessScriptRunnerProvider();
          }
        }
        """;
    // what the cpython runner's descriptor requires, found as a host's build finds it
    List<Path> mp = ModularHost.modulePath(java.util.regex.Pattern.compile(
        "edr-playbook-(api|subprocess)|slf4j-api|jackson-.*|auto-service-annotations"));
    Javac.Result r = Javac.compile(dir, Map.of("host/module-info.java", moduleInfo, "host/host/Providers.java", source),
        List.of("-Xlint:all", "-Werror", "-proc:none", "--release", "17", "--module-path",
            String.join(java.io.File.pathSeparator, mp.stream().map(Path::toString).toList())));
    assertTrue(r.ok(), "javac -Xlint:all -Werror failed:\n" + r.diagnostics());
  }
}
