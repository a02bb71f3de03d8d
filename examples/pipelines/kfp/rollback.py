"""Roll a model back on Kubeflow Pipelines with Cairn (the operator's pipeline).

rollback-model resolves the target version (the previous holder of the stage, or a version you
name), checks every object on the data remote, fetches and verifies it, publishes it to the serving
targets, then moves the stage tag back with the reason. Run it with dry_run=True first: that
resolves the target and checks the remote without changing anything.

Compile:  python rollback.py [OUT.yaml]   (default: rollback.yaml next to this file)
          CAIRN_WORK_VOLUME=CLAIM python rollback.py   (the step's work directory on a PVC)
          CAIRN_IMAGE_REGISTRY=REG CAIRN_IMAGE_TAG=TAG python rollback.py   (your Cairn image)
Needs:    pip install kfp==2.17.0 kfp-kubernetes==2.17.0
"""

import os
import pathlib
import sys

from kfp import compiler, components, dsl, kubernetes

COMPONENTS = pathlib.Path(__file__).resolve().parents[3] / 'manifests' / 'generated' / 'kfp'


def cairn_component(file_name):
    """Loads a Cairn component. CAIRN_IMAGE_REGISTRY and CAIRN_IMAGE_TAG, when compiling, point it
    at the images you built and pushed (no release publishes them yet); unset, the generated
    component's image is kept."""
    component = components.load_component_from_file(str(COMPONENTS / file_name))
    container = component.component_spec.implementation.container
    repository, _, tag = container.image.rpartition(':')
    registry, _, name = repository.rpartition('/')
    registry = os.environ.get('CAIRN_IMAGE_REGISTRY') or registry
    tag = os.environ.get('CAIRN_IMAGE_TAG') or tag
    container.image = f"{registry.rstrip('/')}/{name}:{tag}"
    return component


rollback_model = cairn_component('rollback-model.yaml')

# Mounted (optional: a missing Secret is skipped) where the step looks for them.
SECRET_MOUNTS = {
    'cairn-git-ssh': '/var/run/cairn/git-ssh',  # key: ssh-privatekey
    'cairn-git-token': '/var/run/cairn/git-token',  # key: token
    'cairn-known-hosts': '/var/run/cairn/known-hosts',  # key: known_hosts
    'cairn-aws': '/var/run/cairn/aws',  # key: credentials
}

# Each step gets the name of the Secret mounted at each path, so that a missing Secret (an empty
# optional volume) fails with a message naming it. Names only, never a Secret's content.
SECRET_NAME_VARIABLES = {
    '/var/run/cairn/git-ssh': 'CAIRN_GIT_SSH_SECRET',
    '/var/run/cairn/git-token': 'CAIRN_GIT_TOKEN_SECRET',
    '/var/run/cairn/known-hosts': 'CAIRN_KNOWN_HOSTS_SECRET',
    '/var/run/cairn/aws': 'CAIRN_AWS_CREDENTIALS_SECRET',
}

# A persistent work directory (optional): the name of an existing PersistentVolumeClaim, chosen
# when compiling (CAIRN_WORK_VOLUME=cairn-work python rollback.py). Each Cairn step then keeps
# its Git mirror, cache and hash state in /workspace/<step> on it, and the next run reuses them.
# Unset (the default): the steps work on the pod's own disk, as before. It is fixed at compile time
# because a KFP volume cannot be left out at run time (an empty claim name does not fall back to
# the pod's disk). One run of a step at a time per claim: a second one finds the work directory
# locked (exit code 6). The claim must be writable by the step's user (65532 in the Cairn images).
WORK_VOLUME = os.environ.get('CAIRN_WORK_VOLUME', '')


def with_work_volume(task, step):
    """Mounts WORK_VOLUME (if set) at /workspace and gives the step /workspace/<step> on it."""
    if WORK_VOLUME:
        kubernetes.mount_pvc(task, pvc_name=WORK_VOLUME, mount_path='/workspace')
        task.set_env_variable('CAIRN_WORK_DIR', '/workspace/' + step)
    return task


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
    task = rollback_model(
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
    # never from KFP's cache: a rollback must look at the registry as it is now
    task.set_caching_options(False)
    for secret, path in SECRET_MOUNTS.items():
        kubernetes.use_secret_as_volume(task, secret_name=secret, mount_path=path, optional=True)
        task.set_env_variable(SECRET_NAME_VARIABLES[path], secret)
    task.set_env_variable('AWS_SHARED_CREDENTIALS_FILE', '/var/run/cairn/aws/credentials')
    with_work_volume(task, 'rollback-model')


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else str(pathlib.Path(__file__).with_suffix('.yaml'))
    compiler.Compiler().compile(rollback, out)
    print(out)
