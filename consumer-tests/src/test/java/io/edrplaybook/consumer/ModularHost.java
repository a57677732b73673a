package io.edrplaybook.consumer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A small modular application, {@code module host { requires io.edrplaybook.core; }}, compiled
 * and started on the module path in a child JVM. Its {@code Main} loads one action whose script
 * reports the interpreter it ran on, submits one event, and prints each run of the event's
 * history as {@code RUN <status> <message>} and {@code OUTPUT <what it printed>}, or
 * {@code REFUSED <exception>: <message>} when the engine cannot be built.
 */
final class ModularHost {
  private static final String MODULE_INFO = """
      module host {
        requires io.edrplaybook.core;
      }
      """;

  private static final String MAIN = """
      package host;

      import io.edrplaybook.api.Action;
      import io.edrplaybook.api.ActionScript;
      import io.edrplaybook.api.Classification;
      import io.edrplaybook.api.Configuration;
      import io.edrplaybook.api.Connector;
      import io.edrplaybook.api.ConnectorSelection;
      import io.edrplaybook.api.Device;
      import io.edrplaybook.api.JumpBox;
      import io.edrplaybook.api.PlaybookEngine;
      import io.edrplaybook.api.PlaybookException;
      import io.edrplaybook.api.Playbook;
      import io.edrplaybook.api.PlaybookSection;
      import io.edrplaybook.api.SecurityEvent;
      import io.edrplaybook.core.CorePlaybookEngine;
      import java.util.concurrent.TimeUnit;

      public final class Main {
        private static final String SCRIPT = String.join("\\n",
            "import json, sys",
            "def run(ctx):",
            "    print(json.dumps({'host': ctx['connector']['host']}))",
            "    return {'message': 'ran on %s %d' % (sys.platform[:4], sys.version_info[0])}",
            "");

        private Main() {}

        public static void main(String[] args) throws Exception {
          String runner = args[0];
          System.out.println("MODULES " + Main.class.getModule().getName() + " "
              + CorePlaybookEngine.class.getModule().getName());
          System.out.println("SCHEMA " + io.edrplaybook.core.ConfigurationLoader.jsonSchema().contains("\\"$defs\\""));
          Configuration config = Configuration.builder()
              .organization("acme")
              .jumpBox(JumpBox.of("acme", "jb-1"))
              .action(Action.builder().organization("acme").name("Probe").description("Says where it ran")
                  .script(ActionScript.of("probe", "probe.py", SCRIPT, runner)).build())
              .connector(Connector.builder().organization("acme").name("Local").jumpBox("jb-1")
                  .host("127.0.0.1").port(9).apiKey("not-a-secret-123").bind("Probe").build())
              .playbook(Playbook.builder().organization("acme").name("Default").isDefault(true)
                  .rule(PlaybookSection.NOTIFICATIONS, "Probe", ConnectorSelection.all(), Classification.MALICIOUS)
                  .build())
              .build();
          try (PlaybookEngine engine = CorePlaybookEngine.builder().configuration(config).build()) {
            SecurityEvent event = SecurityEvent.builder().id("ev-1").organization("acme")
                .device(Device.of("LAPTOP-7", "Finance", "10.1.2.3", "Windows 11"))
                .classification(Classification.MALICIOUS).build();
            engine.submit(event).toCompletableFuture().get(90, TimeUnit.SECONDS);
            engine.history("ev-1").runs().forEach(r -> System.out.println("RUN " + r.status() + " " + r.message() + "\\nOUTPUT " + r.output()));
          } catch (PlaybookException e) {
            System.out.println("REFUSED " + e.getClass().getName() + ": " + e.getMessage());
          }
        }
      }
      """;

  private ModularHost() {}

  /** What the child printed (stdout and stderr) and how it ended. */
  record Run(int exitCode, String output) {}

  /**
   * The entries of the test class path whose artifact id matches {@code artifacts}: the library's
   * modules ({@code edr-playbook-core/target/classes}, or the jar in a build that packages) and
   * third-party jars ({@code slf4j-api-2.0.20.jar} is {@code slf4j-api}).
   */
  static List<Path> modulePath(Pattern artifacts) {
    List<Path> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String artifact = p.endsWith(Path.of("target", "classes")) ? p.getParent().getParent().getFileName().toString()
          : p.getFileName().toString().replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "");
      if (artifacts.matcher(artifact).matches()) {
        out.add(p);
      }
    }
    return out;
  }

  /** Compiles the host against {@code modulePath} (warnings are errors) and runs it with {@code runner}. */
  static Run run(Path dir, List<Path> modulePath, String runner) throws Exception {
    String mp = String.join(File.pathSeparator, modulePath.stream().map(Path::toString).toList());
    Javac.Result compiled = Javac.compile(dir, Map.of("host/module-info.java", MODULE_INFO,
        "host/host/Main.java", MAIN), List.of("-Xlint:all", "-Werror", "--release", "17", "--module-path", mp));
    if (!compiled.ok()) {
      throw new AssertionError("the modular host does not compile:\n" + compiled.diagnostics());
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(Arrays.asList(java.toString(),
        "--module-path", dir.resolve("out") + File.pathSeparator + mp, "-m", "host/host.Main", runner));
    Path log = dir.resolve("host.log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(150, TimeUnit.SECONDS)) {
        throw new AssertionError("the modular host did not end within 150 s; its output so far:\n" + read(log));
      }
      return new Run(p.exitValue(), read(log));
    } finally {
      p.destroyForcibly();
    }
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
