/**
 * Updates in-cluster serving after a model version is published: restarts a Deployment (as {@code
 * kubectl rollout restart} does) or points a KServe InferenceService at the new model URI, then
 * waits for the rollout. Only JDK and Cairn types appear in the public API; the Fabric8 client
 * stays behind {@link dev.cairn.steps.kubernetes.KubernetesServing}.
 */
@NullMarked
package dev.cairn.steps.kubernetes;

import org.jspecify.annotations.NullMarked;
