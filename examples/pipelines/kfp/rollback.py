"""Roll a model back on Kubeflow Pipelines with Cairn (the operator's pipeline).

rollback-model resolves the target version (the previous holder of the stage, or a version you
name), checks every object on the data remote, fetches and verifies it, publishes it to the serving
targets, then moves the stage tag back with the reason. Run it with dry_run=True first: that
resolves the target and checks the remote without changing anything.

The task comes from the cairn_kfp package (python/cairn-kfp): never from KFP's cache (a rollback
must look at the registry as it is now), with the Cairn Secrets mounted and the run id recorded.

Compile:  python rollback.py [OUT.yaml]   (default: rollback.yaml next to this file)
          CAIRN_WORK_VOLUME=CLAIM python rollback.py   (the step's work directory on a PVC)
          CAIRN_IMAGE_REGISTRY=REG CAIRN_IMAGE_TAG=TAG python rollback.py   (your Cairn image)
Needs:    pip install ./python/cairn-kfp   (from the repository root; brings kfp and kfp-kubernetes)
"""

import pathlib
import sys

from kfp import compiler, dsl

try:
    import cairn_kfp
except ImportError:
    sys.exit('cairn_kfp is not installed: pip install ./python/cairn-kfp (from the repository root)')


@dsl.pipeline(
    name='cairn-rollback',
    description='Roll a model stage back to the previous (or a named) version, with a reason.')
def rollback(
    name: str = 'churn-model',
    reason: str = 'describe why, e.g. accuracy dropped after v0.0.7',
    stage: str = 'prod',
    target: str = 'previous',
    dry_run: bool = True,
    git_url: str = 'https://git.example.com/ml/registry.git',
    remote: str = 's3://example-bucket/dvc',
    remote_endpoint_url: str = '',
    serve_uri: str = 's3://example-bucket/serving/churn-model',
    restart: str = '',
    patch_inferenceservice: str = 'churn-model',
):
    """remote_endpoint_url: an S3-compatible endpoint (MinIO, Ceph, ...), also used for an s3://
    serve_uri; '' for AWS S3.
    restart: deployment/NAME to restart after publishing ('' for none);
    patch_inferenceservice: a KServe InferenceService (in the run's namespace) to point at the
    serve_uri copy ('' for none). The pipeline's service account needs get/patch on them (the
    Role in manifests/generated/rbac/rbac.yaml)."""
    cairn_kfp.rollback_model(
        name=name,
        reason=reason,
        stage=stage,
        to=target,
        dry_run=dry_run,
        git_url=git_url,
        remote=remote,
        remote_endpoint_url=remote_endpoint_url,
        serve_uri=serve_uri,
        restart=restart,
        patch_inferenceservice=patch_inferenceservice,
    )


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else str(pathlib.Path(__file__).with_suffix('.yaml'))
    compiler.Compiler().compile(rollback, out)
    print(out)
