package io.edrplaybook.api;

import io.edrplaybook.api.internal.JsonValues;
import java.util.Map;
import java.util.Objects;

/**
 * The device a security event happened on.
 *
 * @param name the device name, e.g. {@code LAPTOP-7}
 * @param collectorGroup the collector group it belongs to; picks the playbook
 * @param address its IP address, or empty when unknown
 * @param os its operating system, or empty when unknown
 * @param attributes anything else the host knows (JSON values); shown to scripts in
 *     {@code ctx["event"]["device"]}
 */
public record Device(String name, String collectorGroup, String address, String os,
    Map<String, Object> attributes) {

  /** Validates and copies. */
  public Device {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(collectorGroup, "collectorGroup");
    address = address == null ? "" : address;
    os = os == null ? "" : os;
    attributes = JsonValues.copy("device", attributes);
  }

  /** A device with a name, collector group, address and OS. */
  public static Device of(String name, String collectorGroup, String address, String os) {
    return new Device(name, collectorGroup, address, os, Map.of());
  }
}
