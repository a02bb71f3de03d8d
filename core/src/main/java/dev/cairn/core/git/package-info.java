/**
 * Git facade over JGit: clone/open, read at a revision, commit, annotated tags, atomic push with
 * retry.
 */
@NullMarked
package dev.cairn.core.git;

import org.jspecify.annotations.NullMarked;
