package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.ConnectorType;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.SecurityEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The configurations, scripts, events and contexts the measures use. */
public final class Workloads {
  /** The organization of every workload. */
  public static final String ORG = "acme";

  /** The trivial action every runner measure runs: reads ctx, returns a small dict. */
  public static final String TRIVIAL_SCRIPT = """
      def run(ctx):
          return {"message": "notified " + ctx["connector"]["name"], "event": ctx["event"]["id"]}
      """;

  private static final Classification[] CLASSES = Classification.values();
  private static final ConnectorType[] TYPES = {ConnectorType.CUSTOM, ConnectorType.FIREWALL, ConnectorType.NAC};
  private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

  private Workloads() {}

  /**
   * The routing configuration: 50 playbooks × 200 actions × 20 connectors in one organization.
   * Every playbook shows a row for every action (the product's policy view); 10 rows of each are
   * checked, each for MALICIOUS and one other classification, half on ALL connectors bound to the
   * action, half on one named connector. Each action is bound by 2 connectors. Playbook 0 is the
   * default; playbooks 1..49 are assigned 2 collector groups each (groups g0..g97); groups g98 and
   * g99 fall back to the default.
   *
   * @param runner the id of the runner of every script
   */
  public static Configuration routing(String runner) {
    Configuration.Builder b = Configuration.builder().organization(ORG);
    for (int j = 0; j < 4; j++) {
      b.jumpBox(JumpBox.of(ORG, "jb-" + j));
    }
    for (int a = 0; a < 200; a++) {
      b.action(Action.builder().organization(ORG).name(action(a)).description("Action " + a)
          .script(ActionScript.of("main", "actions/a" + a + ".py", TRIVIAL_SCRIPT, runner)).build());
    }
    for (int c = 0; c < 20; c++) {
      Connector.Builder cb = Connector.builder().organization(ORG).name(connector(c))
          .type(TYPES[c % 3]).jumpBox("jb-" + (c % 4)).host("10.0.0." + (c + 1)).port(443)
          .apiKey("key-" + c + "-0123456789abcdef");
      for (int a = c % 10; a < 200; a += 10) {
        cb.bind(action(a));
      }
      b.connector(cb.build());
    }
    for (int p = 0; p < 50; p++) {
      Playbook.Builder pb = Playbook.builder().organization(ORG).name("Playbook " + p).isDefault(p == 0);
      if (p > 0) {
        pb.collectorGroups("g" + (2 * p - 2), "g" + (2 * p - 1));
      }
      for (int a = 0; a < 200; a++) {
        PlaybookSection section = PlaybookSection.values()[a % PlaybookSection.values().length];
        if ((a + p) % 20 != 0) {
          pb.rule(section, action(a), ConnectorSelection.all());
          continue;
        }
        Classification other = CLASSES[1 + (a / 20 + p) % (CLASSES.length - 1)];
        // connectors c with c % 10 == a % 10 are bound to action a
        ConnectorSelection sel = (a / 20) % 2 == 0 ? ConnectorSelection.all()
            : ConnectorSelection.of(connector(a % 10));
        pb.rule(section, action(a), sel, Classification.MALICIOUS, other);
      }
      b.playbook(pb.build());
    }
    return b.build();
  }

  /** {@code n} distinct events spread evenly over 100 collector groups and every classification. */
  public static SecurityEvent[] routingEvents(int n) {
    SecurityEvent[] events = new SecurityEvent[n];
    for (int i = 0; i < n; i++) {
      events[i] = event("ev-" + i, "g" + (i * 7 % 100), CLASSES[i % CLASSES.length]);
    }
    return events;
  }

  /**
   * The heap configuration: 1 000 actions and 1 000 connectors in 10 organizations (100 of each
   * per organization, each on one of its 2 JumpBoxes). Each action has one realistic script of
   * about 1.3 KB; each connector binds 2 actions with a small params map; each organization has 3
   * playbooks showing every one of its actions, 20 rows checked.
   *
   * @param runner the id of the runner of every script
   */
  public static Configuration heap(String runner) {
    Configuration.Builder b = Configuration.builder();
    for (int o = 0; o < 10; o++) {
      String org = "org-" + o;
      b.organization(org);
      b.jumpBox(JumpBox.of(org, org + "-jb-0"));
      b.jumpBox(JumpBox.of(org, org + "-jb-1"));
      for (int a = 0; a < 100; a++) {
        b.action(Action.builder().organization(org).name(action(a)).description("Notify the SOC, variant " + a)
            .script(ActionScript.of("main", "actions/" + org + "/a" + a + ".py", realisticScript(org, a), runner))
            .build());
      }
      for (int c = 0; c < 100; c++) {
        Connector.Builder cb = Connector.builder().organization(org).name(connector(c))
            .type(TYPES[c % 3]).jumpBox(org + "-jb-" + (c % 2))
            .host("host-" + c + "." + org + ".example").port(8443);
        if (c % 2 == 0) {
          cb.apiKey("api-key-" + org + "-" + c + "-0123456789abcdef");
        } else {
          cb.credentials("svc-" + c, "pw-" + org + "-" + c + "-secret");
        }
        cb.bind(new ActionBinding(action(c), Optional.empty(), Map.of("channel", "#soc-" + c, "priority", c % 5)));
        cb.bind(new ActionBinding(action((c + 1) % 100), Optional.empty(), Map.of("channel", "#soc-all")));
        b.connector(cb.build());
      }
      for (int p = 0; p < 3; p++) {
        Playbook.Builder pb = Playbook.builder().organization(org).name("Playbook " + p).isDefault(p == 0);
        if (p > 0) {
          pb.collectorGroups("group-" + p);
        }
        for (int a = 0; a < 100; a++) {
          if (a % 5 == p) {
            pb.rule(PlaybookSection.NOTIFICATIONS, action(a), ConnectorSelection.all(),
                Classification.MALICIOUS, Classification.SUSPICIOUS);
          } else {
            pb.rule(PlaybookSection.CUSTOM, action(a), ConnectorSelection.all());
          }
        }
        b.playbook(pb.build());
      }
    }
    return b.build();
  }

  /**
   * The end-to-end configuration: one action running {@link #TRIVIAL_SCRIPT} on {@code runner},
   * bound by one connector, checked for MALICIOUS in the default playbook: each MALICIOUS event
   * triggers exactly one run.
   */
  public static Configuration endToEnd(String runner) {
    return Configuration.builder().organization(ORG)
        .jumpBox(JumpBox.of(ORG, "jb-1"))
        .action(Action.builder().organization(ORG).name("IM Notification").description("Tell the SOC")
            .script(ActionScript.of("main", "notify.py", TRIVIAL_SCRIPT, runner)).build())
        .connector(Connector.builder().organization(ORG).name("SOC Slack").jumpBox("jb-1")
            .host("hooks.slack.example").port(443).apiKey("xoxb-bench-0123456789").bind("IM Notification").build())
        .playbook(Playbook.builder().organization(ORG).name("Default").isDefault(true)
            .rule(PlaybookSection.NOTIFICATIONS, "IM Notification", ConnectorSelection.all(), Classification.MALICIOUS)
            .build())
        .build();
  }

  /** An event of {@link #ORG}. */
  public static SecurityEvent event(String id, String group, Classification c) {
    return SecurityEvent.builder().id(id).organization(ORG)
        .device(Device.of("LAPTOP-" + (id.hashCode() & 0xfff), group, "10.1.2.3", "Windows 11"))
        .classification(c).time(TIME)
        .details(Map.of("process", "evil.exe", "rule", "Suspicious Script Execution")).build();
  }

  /** A ctx shaped like the engine's (see the script coding conventions), for direct runner calls. */
  public static Map<String, Object> context(String invocationId) {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("type", "apiKey");
    auth.put("apiKey", "xoxb-bench-0123456789");
    Map<String, Object> connector = new LinkedHashMap<>();
    connector.put("name", "SOC Slack");
    connector.put("type", "CUSTOM");
    connector.put("organization", ORG);
    connector.put("jumpBox", "jb-1");
    connector.put("host", "hooks.slack.example");
    connector.put("port", 443);
    connector.put("auth", auth);
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("name", "LAPTOP-7");
    device.put("collectorGroup", "Finance");
    device.put("address", "10.1.2.3");
    device.put("os", "Windows 11");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", "ev-1");
    event.put("organization", ORG);
    event.put("classification", "MALICIOUS");
    event.put("previousClassification", null);
    event.put("time", TIME.toString());
    event.put("device", device);
    event.put("details", Map.of("process", "evil.exe", "rule", "Suspicious Script Execution"));
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("action", Map.of("name", "IM Notification", "description", "Tell the SOC"));
    ctx.put("connector", connector);
    ctx.put("event", event);
    ctx.put("params", Map.of("channel", "#soc"));
    ctx.put("test", false);
    ctx.put("invocationId", invocationId);
    return ctx;
  }

  private static String action(int a) {
    return "Action " + a;
  }

  private static String connector(int c) {
    return "Connector " + c;
  }

  private static String realisticScript(String org, int a) {
    return """
        # -*- coding: utf-8 -*-
        # Notify the SOC channel of %s about an event (action variant %d).
        import json

        try:
            from urllib2 import Request, urlopen          # Python 2.7 / Jython
        except ImportError:
            from urllib.request import Request, urlopen   # Python 3


        def _payload(ctx):
            event = ctx["event"]
            device = event["device"]
            text = u"[%%s] %%s on %%s (%%s): %%s" %% (
                event["classification"], event["details"].get("rule", "event"),
                device["name"], device.get("address", ""), event["id"])
            return {"channel": ctx["params"].get("channel", "#soc"), "text": text}


        def run(ctx):
            connector = ctx["connector"]
            url = "https://%%s:%%d/api/chat.postMessage" %% (connector["host"], connector["port"])
            body = json.dumps(_payload(ctx)).encode("utf-8")
            request = Request(url, body, {"Content-Type": "application/json",
                                          "Authorization": "Bearer " + connector["auth"]["apiKey"]})
            response = urlopen(request, timeout=10)
            reply = json.loads(response.read().decode("utf-8"))
            if not reply.get("ok"):
                raise RuntimeError("chat.postMessage refused: %%s" %% reply.get("error"))
            return {"message": "posted to " + ctx["params"].get("channel", "#soc"), "ts": reply.get("ts")}


        def test(ctx):
            return {"message": "would post: " + _payload(ctx)["text"]}
        """.formatted(org, a);
  }
}
