package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.samples.EdrPlaybookCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageTest {

  @Test
  void noCommandIsAUsageErrorThatListsTheCommands() {
    CliRun r = CliRun.of();
    assertEquals(2, r.exit(), r.both());
    assertTrue(r.err().contains("no command given"), r.both());
    assertTrue(r.err().contains("validate"), r.both());
  }

  @Test
  void anUnknownCommandIsAUsageErrorWithASuggestion() {
    CliRun r = CliRun.of("valdate", "--config", "x.json");
    assertEquals(2, r.exit(), r.both());
    assertTrue(r.err().contains("unknown command \"valdate\", did you mean \"validate\"?"), r.both());
    assertEquals("", r.out());
  }

  @Test
  void anUnknownOptionIsAUsageErrorWithASuggestion() {
    CliRun r = CliRun.of("run", "--config", "c.json", "--event", "e.jsonl");
    assertEquals(2, r.exit(), r.both());
    assertTrue(r.err().contains("unknown option \"--event\", did you mean \"--events\"?"), r.both());
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    CliRun r = CliRun.of("plan", "--config", "c.json");
    assertEquals(2, r.exit(), r.both());
    assertTrue(r.err().contains("option --events FILE is required"), r.both());
    assertTrue(r.err().contains("Usage: java -jar edr-playbook-samples.jar plan --config FILE --events FILE"), r.both());
  }

  @Test
  void anOptionWithoutItsValueIsAUsageError() {
    CliRun r = CliRun.of("validate", "--config");
    assertEquals(2, r.exit(), r.both());
    assertTrue(r.err().contains("option --config needs a value"), r.both());
  }

  @Test
  void anOptionGivenTwiceIsAUsageError() {
    CliRun r = CliRun.of("validate", "--config", "a.json", "--config=b.json");
    assertEquals(2, r.exit(), r.both());
    assertTrue(r.err().contains("option --config is given twice"), r.both());
  }

  @Test
  void aStrayArgumentIsAUsageError() {
    CliRun r = CliRun.of("history", "--journal", "j.jsonl", "ev-1");
    assertEquals(2, r.exit(), r.both());
    assertTrue(r.err().contains("unexpected argument \"ev-1\""), r.both());
  }

  @Test
  void toolHelpListsEveryCommandAndExitsZero() {
    CliRun r = CliRun.of("--help");
    assertEquals(0, r.exit(), r.both());
    for (String c : List.of("demo", "validate", "plan", "run", "test", "history", "rerun")) {
      assertTrue(r.out().contains("\n  " + c + " "), c + "\n" + r.both());
    }
    assertEquals("", r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "validate", "plan", "run", "test", "history", "rerun"})
  void eachCommandHasHelpThatExitsZero(String command) {
    CliRun r = CliRun.of(command, "--help");
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().startsWith("Usage: java -jar edr-playbook-samples.jar " + command), r.both());
    assertTrue(r.out().contains("Exit status:"), r.both());
  }

  @Test
  void helpWorksBeforeTheOptionsAreComplete() {
    CliRun r = CliRun.of("test", "--connector", "SOC Chat", "--help");
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("--organization NAME"), r.both());
  }

  @Test
  void helpCommandShowsACommandsHelp() {
    CliRun r = CliRun.of("help", "run");
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("--journal PATH"), r.both());
  }

  @Test
  void thePublicEntryPointWritesToTheGivenStreams() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = EdrPlaybookCli.run(new String[] {"nope"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, exit);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("edr-playbook: unknown command \"nope\""));
  }
}
