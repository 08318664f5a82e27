/**
 * {@code bin/preserves-tool}: {@link org.syndicate.preserves.tool.PreservesTool} and its {@code
 * convert} subcommand (text/binary conversion, canonical output).
 */
package org.syndicate.preserves.tool;
