package io.edrplaybook.testkit.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.testkit.FakeHttpEndpoint;
import io.edrplaybook.testkit.PlaybookTestKit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** routeConnectorsTo rewrites exactly what its javadoc lists: host, port, and a missing scheme param. */
class RouteConnectorsTest {

  @Test
  void routingRewritesEachConnectorsHostPortAndMissingSchemeAndNothingElse() throws Exception {
    Configuration original = SocPlaybook.configuration().toBuilder()
        .connector(Connector.builder().organization("acme").name("Secure Teams").jumpBox("jb-1")
            .host("teams.example").port(443).apiKey("teams-key-2")
            .bind(ActionBinding.of("IM Notification", "teams", Map.of("scheme", "https", "room", "soc"))).build())
        .build();
    try (FakeHttpEndpoint endpoint = FakeHttpEndpoint.start();
        PlaybookTestKit kit = PlaybookTestKit.forConfiguration(original).routeConnectorsTo(endpoint).build()) {
      Configuration routed = kit.configuration();
      assertEquals(original.connectors().size(), routed.connectors().size());
      for (Connector before : original.connectors()) {
        Connector.Builder expected = before.toBuilder().host(endpoint.host()).port(endpoint.port()).clearBindings();
        for (ActionBinding b : before.bindings()) {
          Map<String, Object> params = new LinkedHashMap<>(b.params());
          params.putIfAbsent("scheme", "http");
          expected.bind(new ActionBinding(b.action(), b.script(), params));
        }
        assertEquals(expected.build(), routed.connector(before.organization(), before.name()).orElseThrow(),
            () -> "only host, port and a missing scheme may change on " + before.name());
      }
      assertEquals(original.playbooks(), routed.playbooks());
      assertEquals(original.jumpBoxes(), routed.jumpBoxes());
      assertEquals(List.of("https", "soc"), List.of(
          routed.connector("acme", "Secure Teams").orElseThrow().bindings().get(0).params().get("scheme"),
          routed.connector("acme", "Secure Teams").orElseThrow().bindings().get(0).params().get("room")));
    }
  }
}
