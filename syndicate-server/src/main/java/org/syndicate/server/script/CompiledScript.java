package org.syndicate.server.script;

import java.nio.file.Path;

/**
 * A config file compiled by {@link Script#load}: the path it came from and its instructions.
 * Immutable; may be run any number of times (each run gets its own environment).
 *
 * @param path the file, or null
 * @param body the file's instructions, in order
 */
public record CompiledScript(Path path, Instruction.Block body) {}
