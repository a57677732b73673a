package io.edrplaybook.subprocess.internal;

import io.edrplaybook.subprocess.CPythonSettings.Partition;
import java.util.Map;

/**
 * Whose run a call is, read from its {@code ctx}: the organization and connector (from
 * {@code ctx["connector"]}, else {@code ctx["event"]["organization"]}).
 *
 * @param partition the workers this run may use: its organization's, or its connector's
 * @param connector the connector, for sharing workers fairly
 */
record Tenancy(String partition, String connector) {

  static Tenancy of(Map<String, Object> ctx, Partition by) {
    Map<?, ?> connector = ctx.get("connector") instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> event = ctx.get("event") instanceof Map<?, ?> m ? m : Map.of();
    String org = text(connector.get("organization"));
    if (org.isEmpty()) {
      org = text(event.get("organization"));
    }
    String name = org + "\u0000" + text(connector.get("name"));
    return new Tenancy(by == Partition.CONNECTOR ? "c:" + name : "o:" + org, name);
  }

  private static String text(Object o) {
    return o instanceof String s ? s : o == null ? "" : String.valueOf(o);
  }
}
