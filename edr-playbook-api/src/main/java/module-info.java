/**
 * The model, the engine interface and the service provider interface of edr-playbook: what hosts
 * and plugins (script runners, journals, secret resolvers) program against.
 *
 * <p>{@code io.edrplaybook.api.internal} holds helpers of the model types; it is exported only to
 * the library's own modules and may change in any release.
 */
module io.edrplaybook.api {
  exports io.edrplaybook.api;
  exports io.edrplaybook.spi;
  exports io.edrplaybook.api.internal to
      io.edrplaybook.core,
      io.edrplaybook.jython,
      io.edrplaybook.subprocess,
      io.edrplaybook.postgres,
      io.edrplaybook.micrometer;
}
