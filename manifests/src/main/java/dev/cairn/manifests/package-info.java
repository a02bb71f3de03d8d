/** Generator of Argo, KFP and RBAC YAML from the step command specs. */
@NullMarked
package dev.cairn.manifests;

import org.jspecify.annotations.NullMarked;
