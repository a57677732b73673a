/** Not API: the JSON-lines form of history entries used by the file journal. */
package io.edrplaybook.core.internal.journal;
