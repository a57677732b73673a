/**
 * Not API: the storage of the file journal (segmented log, compact record codec, memory-mapped
 * event index, checkpoint, name dictionary, directory lock) and the JSON-lines form of history
 * entries of the earlier one-file journal.
 */
package io.edrplaybook.core.internal.journal;
