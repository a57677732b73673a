package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar, run the way a user runs it: {@code java -jar target/edr-playbook-samples.jar ...}. */
class ExecutableJarIT {
  private static final Path JAR = Path.of("target", "edr-playbook-samples.jar").toAbsolutePath();

  private record Result(int exit, String out) {}

  private static Result java(Path workDir, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Files.createDirectories(workDir.resolve("tmp"));
    List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + workDir.resolve("tmp"), "-jar",
        JAR.toString()));
    command.addAll(List.of(args));
    Path log = workDir.resolve("output-" + System.nanoTime() + ".txt");
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    // a bound against a hung child, not a speed check
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("java -jar " + String.join(" ", args) + " did not end:\n" + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void theDemoRunsFromTheJarInAnyWorkingDirectoryAndExitsZero(@TempDir Path dir) throws Exception {
    Result r = java(dir, "demo");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("Demo done:"), r.out());
    assertTrue(r.out().contains("INCONCLUSIVE -> MALICIOUS"), r.out());
    try (var left = Files.list(dir.resolve("tmp"))) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("edr-playbook-demo-")),
          "the sample files extracted from the jar are deleted at the end");
    }
  }

  @Test
  void theJarFindsBothRunners(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(python3(), "python3 is not on the PATH; the cpython runner cannot start");
    Path config = Files.writeString(dir.resolve("both.json"), """
        {"organizations": [{"name": "acme"}],
         "jumpBoxes": [{"name": "jb-1", "organization": "acme"}],
         "actions": [{"organization": "acme", "name": "Notify",
                      "scripts": [{"name": "in-jvm", "source": "def run(ctx):\\n    return None\\n", "runner": "jython"},
                                  {"name": "process", "source": "def run(ctx):\\n    return None\\n", "runner": "cpython"}]}],
         "connectors": [{"organization": "acme", "name": "A", "type": "CUSTOM", "jumpBox": "jb-1", "host": "a.example",
                         "port": 443, "apiKey": "k1", "actions": [{"action": "Notify", "script": "in-jvm"}]},
                        {"organization": "acme", "name": "B", "type": "CUSTOM", "jumpBox": "jb-1", "host": "b.example",
                         "port": 443, "apiKey": "k2", "actions": [{"action": "Notify", "script": "process"}]}],
         "playbooks": []}
        """);
    Result r = java(dir, "validate", "--config", config.toString());
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("(2 scripts compiled)"), r.out());
  }

  @Test
  void aWrongCommandLineExitsTwo(@TempDir Path dir) throws Exception {
    Result r = java(dir, "frobnicate");
    assertEquals(2, r.exit(), r.out());
  }

  private static boolean python3() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
