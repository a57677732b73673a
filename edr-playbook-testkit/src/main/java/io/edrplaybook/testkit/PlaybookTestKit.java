package io.edrplaybook.testkit;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.ProviderDiscovery;
import io.edrplaybook.spi.PlaybookListener;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.testkit.internal.AnswerChecks;
import io.edrplaybook.testkit.internal.ConfigurationRewriter;
import io.edrplaybook.testkit.internal.ConfiguredRunners;
import io.edrplaybook.testkit.internal.RunFormat;
import io.edrplaybook.testkit.internal.RunnerLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Unit-tests a playbook in a few lines: build or load a configuration, submit events, assert which
 * action ran on which connector with which {@code ctx}.
 *
 * <pre>{@code
 * try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(config)
 *     .respond("scripts/slack_notify.py", ctx -> Map.of("message", "posted"))
 *     .build()) {
 *   kit.submit(kit.newEvent("ev-1", Classification.MALICIOUS).build())
 *       .assertRan("IM Notification").on("SOC Slack").withScript("slack")
 *       .withCtx("event.classification", "MALICIOUS")
 *       .withCtx("params.channel", "#soc");
 *   kit.assertNotRun("Open Ticket");
 * }
 * }</pre>
 *
 * <p><b>Which runner runs the scripts.</b> By default every script is answered by a
 * {@link RecordingRunner} (id {@value RecordingRunner#ID}), <em>whatever runner the configuration
 * names</em>: the kit applies a copy of the configuration in which every script's runner is
 * {@code recording}, so no Python runs and no runner module is needed. {@link #configuration()}
 * returns that copy. With {@link Builder#realRunner(String)} or {@link Builder#realRunners()} the
 * real scripts run on real runners found by id with {@link java.util.ServiceLoader} (add e.g.
 * {@code edr-playbook-jython} as a test dependency); their calls are recorded too, so the same
 * {@code ctx} assertions work. {@link Builder#routeConnectorsTo(FakeHttpEndpoint)} points every
 * connector at a local fake HTTP endpoint.
 *
 * <p>Each kit owns an engine with an in-memory journal and no runner discovery of its own; close
 * the kit after the test. Thread-safe, like the engine.
 */
public final class PlaybookTestKit implements AutoCloseable {
  private final CorePlaybookEngine engine;
  private final List<RecordingRunner> runners;
  private final RunFormat format;
  private final Duration awaitTimeout;
  // what the kit submitted and tested: all() reads their history from the engine's journal
  private final Set<EventKey> submitted = new LinkedHashSet<>();
  private final List<EventKey> tested = new ArrayList<>();

  // under the recording runner: the runner each script would use outside the kit
  private final Optional<ConfiguredRunners> configuredRunners;
  private final TestClock clock;

  private PlaybookTestKit(CorePlaybookEngine engine, List<RecordingRunner> runners, RunFormat format,
      Duration awaitTimeout, Optional<ConfiguredRunners> configuredRunners, TestClock clock) {
    this.clock = clock;
    this.engine = engine;
    this.configuredRunners = configuredRunners;
    this.runners = List.copyOf(runners);
    this.format = format;
    this.awaitTimeout = awaitTimeout;
  }

  /** Starts a kit for a configuration built in code. */
  public static Builder forConfiguration(Configuration configuration) {
    return new Builder(Objects.requireNonNull(configuration, "configuration"), Optional.empty(), Map.of(), List.of());
  }

  /** Starts a kit for a loaded configuration file, keeping its runner settings and secrets. */
  public static Builder forConfigurationFile(ConfigurationFile file) {
    Objects.requireNonNull(file, "file");
    return new Builder(file.configuration(), file.defaultRunner(), file.runnerSettings(), List.copyOf(file.secrets()));
  }

  /**
   * Loads a JSON or YAML configuration file (script paths relative to it) and starts a kit for it.
   *
   * @throws io.edrplaybook.api.ConfigurationException listing every problem of the file
   */
  public static Builder load(Path file) {
    return load(file, ConfigurationLoader.create());
  }

  /** Loads a configuration file with {@code loader} (e.g. with a fixed environment for secrets). */
  public static Builder load(Path file, ConfigurationLoader loader) {
    return forConfigurationFile(loader.load(file));
  }

  /**
   * Returns an event builder with {@code id} and {@code classification} set, a device
   * {@code TEST-DEVICE} (address {@code 10.0.0.99}) in no collector group (so the default playbook
   * applies), and a fixed time; override any of it. An event that names no organization gets, when
   * it is built, the one the configuration implies: its only organization, else the only one with a
   * playbook for the device's collector group (or with a default playbook); when none or several
   * could apply, {@code build()} fails saying which and to set one ({@link TestEventBuilder}).
   */
  public TestEventBuilder newEvent(String id, Classification classification) {
    return new TestEventBuilder(engine.configuration(), id, classification);
  }

  /**
   * Submits {@code event}, waits until every run it started has ended, and returns assertions on
   * that submission.
   *
   * @throws AssertionError when the runs do not end within the kit's await timeout
   */
  public PlaybookAssert submit(SecurityEvent event) {
    Objects.requireNonNull(event, "event");
    String scope = "for event " + event.id() + " (" + event.classification() + ")";
    synchronized (submitted) {
      submitted.add(EventKey.of(event));
    }
    EventOutcome outcome = await(engine.submit(event), scope);
    return new PlaybookAssert(scope, outcome.results(), recorded(), Optional.of(outcome), format, false);
  }

  /**
   * Dry run of {@code event}: assertions on what would run. Runs and records nothing. Each row
   * names the runner it would use: under the recording runner (the default) the one the
   * configuration names for the script (a script that names none: the loaded file's
   * {@code runners.default}, else {@code jython}), not {@value RecordingRunner#ID}; with real
   * runners, the one that would run it here.
   */
  public PlaybookPlanAssert plan(SecurityEvent event) {
    io.edrplaybook.api.Plan plan = engine.plan(Objects.requireNonNull(event, "event"));
    return new PlaybookPlanAssert(configuredRunners.map(c -> c.apply(event.organization(), plan)).orElse(plan),
        format);
  }

  /**
   * Presses the Test button of {@code action} on {@code connector} (the configuration's only
   * organization), waits, and returns assertions on that one run.
   */
  public PlaybookAssert test(String connector, String action) {
    List<io.edrplaybook.api.Organization> orgs = engine.configuration().organizations();
    if (orgs.size() != 1) {
      throw new IllegalArgumentException("test(connector, action) needs a configuration with one organization; this "
          + "one has " + orgs.stream().map(o -> o.name()).toList() + ": use test(organization, connector, action)");
    }
    return test(orgs.get(0).name(), connector, action);
  }

  /**
   * Presses the Test button of {@code action} on {@code connector} of {@code organization}. The
   * kit's runners answer from recordings or reach fakes, so a script without {@code test(ctx)} has
   * its {@code run(ctx)} called ({@link io.edrplaybook.api.TestMode#RUN_SCRIPT}; the record's
   * message says so) where an engine in production would only check the connector's port.
   */
  public PlaybookAssert test(String organization, String connector, String action) {
    String scope = "for the Test button of " + RunFormat.key(action, connector);
    InvocationResult r = await(engine.test(organization, connector, action, io.edrplaybook.api.TestMode.RUN_SCRIPT),
        scope);
    synchronized (submitted) {
      tested.add(r.eventKey());
    }
    return new PlaybookAssert(scope, List.of(r), recorded(), Optional.empty(), format, false);
  }

  /**
   * Returns the runs awaiting approval, of every organization, oldest request first.
   */
  public List<io.edrplaybook.api.AwaitingApproval> pending() {
    List<io.edrplaybook.api.AwaitingApproval> out = new ArrayList<>();
    engine.configuration().organizations().forEach(o -> out.addAll(engine.pending(o.name())));
    out.sort(java.util.Comparator.comparing(io.edrplaybook.api.AwaitingApproval::time));
    return out;
  }

  /**
   * Asserts that the run of {@code action} on {@code connector} for event {@code eventId} awaits
   * approval, and returns it.
   *
   * @throws AssertionError when it does not, saying what awaits
   */
  public io.edrplaybook.api.AwaitingApproval assertAwaitingApproval(String eventId, String action, String connector) {
    return awaitingRun(eventId, action, connector);
  }

  /**
   * Approves (as {@code playbook-test-kit}) the run of {@code action} on {@code connector} for
   * event {@code eventId} that awaits approval, waits until it ended, and returns assertions on it.
   *
   * @throws AssertionError when no such run awaits approval
   */
  public PlaybookAssert approve(String eventId, String action, String connector) {
    io.edrplaybook.api.AwaitingApproval a = awaitingRun(eventId, action, connector);
    String scope = "for the approval of " + RunFormat.key(action, connector) + " for event " + eventId;
    InvocationResult r = await(engine.approve(a.runKey(), "playbook-test-kit", "approved in a test"), scope);
    return new PlaybookAssert(scope, List.of(r), recorded(), Optional.empty(), format, false);
  }

  /**
   * Denies (as {@code playbook-test-kit}) the run of {@code action} on {@code connector} for event
   * {@code eventId} that awaits approval, and returns assertions on its terminal record (DENIED).
   *
   * @throws AssertionError when no such run awaits approval
   */
  public PlaybookAssert deny(String eventId, String action, String connector) {
    io.edrplaybook.api.AwaitingApproval a = awaitingRun(eventId, action, connector);
    InvocationResult r = engine.deny(a.runKey(), "playbook-test-kit", "denied in a test");
    return new PlaybookAssert("for the denial of " + RunFormat.key(action, connector) + " for event " + eventId,
        List.of(r), recorded(), Optional.empty(), format, false);
  }

  /** Returns the engine's clock, which {@link #advanceClock} moves. */
  public TestClock clock() {
    return clock;
  }

  /**
   * Moves the engine's clock forward by {@code by}, then does what is due at once (approval windows
   * that ended: expired or run; scheduled undos: their {@code undo: <action>} runs), waits until
   * what it started ended, and returns assertions on those runs.
   */
  public PlaybookAssert advanceClock(Duration by) {
    clock.advance(by);
    String scope = "after the clock moved forward by " + by;
    List<InvocationResult> due = await(engine.runDue(), scope);
    return new PlaybookAssert(scope, due, recorded(), Optional.empty(), format, false);
  }

  private io.edrplaybook.api.AwaitingApproval awaitingRun(String eventId, String action, String connector) {
    Objects.requireNonNull(eventId, "eventId");
    List<io.edrplaybook.api.AwaitingApproval> all = pending();
    return all.stream().filter(a -> a.eventId().equals(eventId) && a.invocation().action().equals(action)
        && a.invocation().connector().equals(connector)).findFirst().orElseThrow(() -> new AssertionError(
            format.mask("expected " + RunFormat.key(action, connector) + " for event " + eventId + " to await approval;"
                + " awaiting: " + all.stream().map(a -> RunFormat.key(a.invocation().action(),
                    a.invocation().connector()) + " for event " + a.eventId()).toList())));
  }

  /**
   * Returns assertions on every run of one event, across all its submissions; the id alone names
   * it when one organization has an event with that id (see {@link #event(String, String)}).
   */
  public PlaybookAssert event(String eventId) {
    return new PlaybookAssert("for event " + eventId, history(eventId).runs(), recorded(), Optional.empty(),
        format, true);
  }

  /** Returns assertions on every run of the event {@code eventId} of {@code organization}. */
  public PlaybookAssert event(String organization, String eventId) {
    return new PlaybookAssert("for event " + organization + "/" + eventId, history(organization, eventId).runs(),
        recorded(), Optional.empty(), format, true);
  }

  /**
   * Returns assertions on every run since the kit was built, Test button runs included: the
   * journal's records of every event the kit submitted or tested, by time.
   */
  public PlaybookAssert all() {
    List<EventKey> keys;
    synchronized (submitted) {
      keys = new ArrayList<>(submitted);
      keys.addAll(tested);
    }
    List<InvocationResult> results = new ArrayList<>();
    for (EventKey k : keys) {
      results.addAll(engine.history(k.organization(), k.eventId()).runs());
    }
    results.sort(java.util.Comparator.comparing(InvocationResult::time));
    return new PlaybookAssert("in this test", results, recorded(), Optional.empty(), format, true);
  }

  /** Asserts that {@code action} ran at least once since the kit was built; see {@link #all()}. */
  public PlaybookRunAssert assertRan(String action) {
    return all().assertRan(action);
  }

  /** Asserts that {@code action} never ran since the kit was built. */
  public PlaybookAssert assertNotRun(String action) {
    return all().assertNotRun(action);
  }

  /** Asserts that {@code action} never ran on {@code connector} since the kit was built. */
  public PlaybookAssert assertNotRun(String action, String connector) {
    return all().assertNotRun(action, connector);
  }

  /** Asserts that exactly these ran since the kit was built, each as {@code "Action on Connector"}. */
  public PlaybookAssert assertRanExactly(String... actionOnConnector) {
    return all().assertRanExactly(actionOnConnector);
  }

  /** Asserts that nothing ran since the kit was built. */
  public PlaybookAssert assertNothingRan() {
    return all().assertNothingRan();
  }

  /**
   * Returns the {@code ctx} of the latest run of {@code action} on {@code connector}, for custom
   * assertions.
   *
   * @throws AssertionError when it never ran
   */
  public Map<String, Object> lastCtx(String action, String connector) {
    List<RecordedRun> runs = runs().stream()
        .filter(r -> r.action().equals(action) && r.connector().equals(connector)).toList();
    if (runs.isEmpty()) {
      throw new AssertionError(format.mask("expected " + RunFormat.key(action, connector)
          + " to have run in this test; ran: " + all().ran()));
    }
    return runs.get(runs.size() - 1).ctx();
  }

  /** Returns every call the runners received, in arrival order. */
  public List<RecordedRun> runs() {
    List<RecordedRun> all = new ArrayList<>();
    runners.forEach(r -> all.addAll(r.runs()));
    return List.copyOf(all);
  }

  /**
   * Returns an event's classification details, as the engine keeps them; the id alone names it
   * when one organization has an event with that id.
   *
   * @throws IllegalArgumentException when several organizations have one: use
   *     {@link #history(String, String)}
   */
  public ClassificationDetails history(String eventId) {
    return engine.history(eventId);
  }

  /** Returns the classification details of the event {@code eventId} of {@code organization}. */
  public ClassificationDetails history(String organization, String eventId) {
    return engine.history(organization, eventId);
  }

  /** Returns the configuration the engine runs: the given one, rewritten as the class doc says. */
  public Configuration configuration() {
    return engine.configuration();
  }

  /** Returns the recording runner with {@code id} ({@value RecordingRunner#ID} unless real runners run). */
  public RecordingRunner runner(String id) {
    return runners.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("No runner '" + id + "' in this kit; it has "
            + runners.stream().map(RecordingRunner::id).toList()));
  }

  /** Returns the engine, for what the kit does not wrap. */
  public CorePlaybookEngine engine() {
    return engine;
  }

  /** Closes the engine (runs in flight are cancelled) and the runners. */
  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      runners.forEach(RecordingRunner::close);
    }
  }

  private Map<String, RecordedRun> recorded() {
    Map<String, RecordedRun> byId = new HashMap<>();
    runners.forEach(r -> r.runs().forEach(run -> byId.put(run.invocationId(), run)));
    return byId;
  }

  private <T> T await(CompletionStage<T> stage, String scope) {
    try {
      return stage.toCompletableFuture().get(awaitTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(format.mask("the runs " + scope + " did not end within " + awaitTimeout
          + "; ran so far in this test: " + all().ran()), e);
    } catch (ExecutionException e) {
      throw new AssertionError("the engine failed " + scope + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting " + scope, e);
    }
  }

  /**
   * Builds a {@link PlaybookTestKit}: which runner answers the scripts, canned answers, where the
   * connectors point, timeouts. Not thread-safe.
   */
  public static final class Builder {
    private final Configuration configuration;
    private final Optional<String> fileDefaultRunner;
    private final Map<String, RunnerSettings> runnerSettings;
    private final List<String> secrets;
    private final Map<String, Function<ScriptCall, ScriptOutcome>> answers = new LinkedHashMap<>();
    private final Map<List<String>, Function<ScriptCall, ScriptOutcome>> actionAnswers = new LinkedHashMap<>();
    private final List<PlaybookListener> listeners = new ArrayList<>();
    private String forcedRunner = RecordingRunner.ID;
    private boolean real;
    private FakeHttpEndpoint endpoint;
    private Duration defaultTimeout = Duration.ofSeconds(10);
    private Duration awaitTimeout = Duration.ofSeconds(60);
    private ClassLoader classLoader = ProviderDiscovery.defaultClassLoader();

    private Builder(Configuration configuration, Optional<String> fileDefaultRunner,
        Map<String, RunnerSettings> runnerSettings, List<String> secrets) {
      this.configuration = configuration;
      this.fileDefaultRunner = fileDefaultRunner;
      this.runnerSettings = new HashMap<>(runnerSettings);
      this.secrets = new ArrayList<>(secrets);
    }

    /** Answers every script with a {@link RecordingRunner}, whatever runner it names (the default). */
    public Builder recordingRunner() {
      this.real = false;
      this.forcedRunner = RecordingRunner.ID;
      return this;
    }

    /**
     * Runs every script, whatever runner it names, on the real runner with {@code id}, found with
     * {@link java.util.ServiceLoader}; its calls are recorded. Canned answers still win.
     */
    public Builder realRunner(String id) {
      this.real = true;
      this.forcedRunner = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Runs every script on the real runner its configuration names (scripts that name none: the
     * file's {@code runners.default}, else {@code jython}), each found with
     * {@link java.util.ServiceLoader}; their calls are recorded.
     */
    public Builder realRunners() {
      this.real = true;
      this.forcedRunner = null;
      return this;
    }

    /** Sets the settings a real runner is created with (default: the loaded file's, else none). */
    public Builder runnerSettings(RunnerSettings settings) {
      runnerSettings.put(settings.runnerId(), settings);
      return this;
    }

    /**
     * Sets where real runners are looked for (default: as the engine and {@link ConfigurationLoader}
     * look, see {@link ProviderDiscovery}: the context class loader of the thread creating this
     * builder, else core's).
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /** Answers the script {@code file} with a dict computed from its {@code ctx}; see {@link RecordingRunner#respond}. */
    public Builder respond(String file, Function<Map<String, Object>, Map<String, ?>> answer) {
      answers.put(Objects.requireNonNull(file, "file"), RecordingRunner.result(answer));
      return this;
    }

    /** Fails the script {@code file} as if it raised {@code type(message)}. */
    public Builder fail(String file, String type, String message) {
      answers.put(Objects.requireNonNull(file, "file"), RecordingRunner.failure(file, type, message));
      return this;
    }

    /** Answers the script {@code file} with any outcome (timed out, transient failure, output...). */
    public Builder answer(String file, Function<ScriptCall, ScriptOutcome> answer) {
      answers.put(Objects.requireNonNull(file, "file"), Objects.requireNonNull(answer, "answer"));
      return this;
    }

    /**
     * Answers {@code action} on {@code connector} (names as configured) with a dict computed from
     * the call's {@code ctx}; wins over an answer for the script's file. {@link #build()} fails
     * when no connector of that name binds that action.
     */
    public Builder respondFor(String action, String connector, Function<Map<String, Object>, Map<String, ?>> answer) {
      return answerFor(action, connector, RecordingRunner.result(answer));
    }

    /** Fails {@code action} on {@code connector} as if its script raised {@code type(message)}. */
    public Builder failFor(String action, String connector, String type, String message) {
      return answerFor(action, connector, RecordingRunner.failure(action + " on " + connector, type, message));
    }

    /** Answers {@code action} on {@code connector} with any outcome (timed out, transient failure...). */
    public Builder answerFor(String action, String connector, Function<ScriptCall, ScriptOutcome> answer) {
      actionAnswers.put(List.of(Objects.requireNonNull(action, "action"),
          Objects.requireNonNull(connector, "connector")), Objects.requireNonNull(answer, "answer"));
      return this;
    }

    /**
     * Points every connector at {@code endpoint}. The kit runs a copy of the configuration in which,
     * for every connector of every organization, exactly this changes:
     *
     * <ul>
     *   <li>{@code host} becomes the endpoint's host ({@code 127.0.0.1}) and {@code port} its port;
     *   <li>every binding whose {@code params} have no {@code scheme} gets {@code scheme: "http"}
     *       (the sample scripts build their URL from {@code params.scheme}, {@code connector.host}
     *       and {@code connector.port}); a binding that sets a scheme keeps it.
     * </ul>
     *
     * <p>Nothing else is rewritten: credentials, JumpBoxes, limits, the other params, the scripts
     * and the playbooks stay as configured, and a script that builds its URL another way (a
     * hard-coded host, a {@code url} param) is not redirected. {@link PlaybookTestKit#configuration()}
     * returns the rewritten copy. The kit does not close the endpoint.
     */
    public Builder routeConnectorsTo(FakeHttpEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Sets the deadline of actions that set none (default 10 seconds). */
    public Builder defaultTimeout(Duration timeout) {
      this.defaultTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Sets how long {@code submit} and {@code test} wait for the runs to end (default 60 seconds). */
    public Builder awaitTimeout(Duration timeout) {
      this.awaitTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Adds an engine listener. */
    public Builder listener(PlaybookListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Creates the runners and the engine and applies the configuration (scripts compiled).
     *
     * @throws io.edrplaybook.api.ConfigurationException when the configuration or a script is refused
     * @throws io.edrplaybook.api.NoSuchRunnerException when a real runner is not on the class path
     */
    public PlaybookTestKit build() {
      AnswerChecks.check(configuration, actionAnswers.keySet());
      Configuration cfg = configuration;
      String defaultRunner;
      List<String> ids;
      if (forcedRunner != null) {
        cfg = ConfigurationRewriter.forceRunner(cfg, forcedRunner);
        defaultRunner = forcedRunner;
        ids = List.of(forcedRunner);
      } else {
        defaultRunner = fileDefaultRunner.orElse("jython");
        Set<String> named = new TreeSet<>(ConfigurationRewriter.runnerIds(cfg));
        boolean unnamed = cfg.actions().stream().flatMap(a -> a.scripts().stream()).anyMatch(s -> s.runner().isEmpty());
        if (unnamed) {
          named.add(defaultRunner);
        }
        ids = List.copyOf(named);
      }
      if (endpoint != null) {
        cfg = ConfigurationRewriter.routeConnectors(cfg, endpoint.host(), endpoint.port(), "http");
      }
      List<RecordingRunner> runners = new ArrayList<>();
      try {
        for (String id : ids) {
          RecordingRunner r = real ? RecordingRunner.wrapping(RunnerLookup.create(id, classLoader,
              runnerSettings.getOrDefault(id, RunnerSettings.empty(id)))) : RecordingRunner.create(id);
          answers.forEach(r::answer);
          actionAnswers.forEach((k, v) -> r.answerFor(k.get(0), k.get(1), v));
          runners.add(r);
        }
        TestClock clock = new TestClock();
        CorePlaybookEngine.Builder eb = CorePlaybookEngine.builder().discoverRunners(false).clock(clock)
            .defaultRunner(defaultRunner).defaultTimeout(defaultTimeout).closeGrace(Duration.ofSeconds(5))
            .secrets(secrets);
        runners.forEach(eb::runner);
        listeners.forEach(eb::listener);
        CorePlaybookEngine engine = eb.configuration(cfg).build();
        List<String> masked = new ArrayList<>(secrets);
        masked.addAll(configuration.secrets());
        return new PlaybookTestKit(engine, runners, new RunFormat(masked), awaitTimeout, real ? Optional.empty()
            : Optional.of(new ConfiguredRunners(configuration, fileDefaultRunner.orElse("jython"))), clock);
      } catch (RuntimeException e) {
        runners.forEach(RecordingRunner::close);
        throw e;
      }
    }
  }
}
