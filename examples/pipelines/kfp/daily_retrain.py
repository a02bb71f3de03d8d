"""Daily retraining on Kubeflow Pipelines with Cairn.

snapshot-data versions the dataset; when it changed, or when no model version records this data
version in its lineage yet (needs_training: a day whose training failed catches up the next day),
your training container trains a model and train-register versions it (recording the data version)
and promotes it to a stage if the gate passes. Otherwise training and registration are skipped.

Compile:  python daily_retrain.py [OUT.yaml]   (default: daily_retrain.yaml next to this file)
          CAIRN_WORK_VOLUME=CLAIM python daily_retrain.py   (the steps' work directories on a PVC)
          CAIRN_IMAGE_REGISTRY=REG CAIRN_IMAGE_TAG=TAG python daily_retrain.py   (your Cairn images)
Needs:    pip install kfp==2.17.0 kfp-kubernetes==2.17.0
"""

import os
import pathlib
import sys

from kfp import compiler, components, dsl, kubernetes

# The Cairn components, generated from the step command specs (manifests/generated/kfp).
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


snapshot_data = cairn_component('snapshot-data.yaml')
train_register = cairn_component('train-register.yaml')

# Your training image: reads the dataset, writes the model directory and a metrics JSON file
# such as {"accuracy": 0.91}. Replace it with your own (or set CAIRN_TRAINER_IMAGE when compiling).
TRAINER_IMAGE = os.environ.get('CAIRN_TRAINER_IMAGE', 'registry.example.com/ml/churn-trainer:1.0.0')

# Kubernetes Secrets mounted (optional: a missing Secret is skipped) where the steps look for them.
# kfp-kubernetes cannot set a Secret volume's defaultMode, so the SSH key shows mode 0644; the steps
# accept that because Kubernetes mounts Secret volumes read-only and inside the pod only.
SECRET_MOUNTS = {
    'cairn-git-ssh': '/var/run/cairn/git-ssh',  # key: ssh-privatekey
    'cairn-git-token': '/var/run/cairn/git-token',  # key: token
    'cairn-known-hosts': '/var/run/cairn/known-hosts',  # key: known_hosts
    'cairn-aws': '/var/run/cairn/aws',  # key: credentials (an AWS shared-credentials file)
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
# when compiling (CAIRN_WORK_VOLUME=cairn-work python daily_retrain.py). Each Cairn step then keeps
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


def with_cairn_secrets(task):
    """Mounts the Cairn Secrets into a Cairn step and points the AWS SDK at the credentials.

    Also turns KFP's caching off for it: a Cairn step's inputs are the same every day (the data's
    path, the registry's URL), so a cached run would replay day 1's outputs and never look at the
    data, the registry or the remote again."""
    task.set_caching_options(False)
    for secret, path in SECRET_MOUNTS.items():
        kubernetes.use_secret_as_volume(task, secret_name=secret, mount_path=path, optional=True)
        task.set_env_variable(SECRET_NAME_VARIABLES[path], secret)
    task.set_env_variable('AWS_SHARED_CREDENTIALS_FILE', '/var/run/cairn/aws/credentials')
    return task


@dsl.container_component
def train(dataset: str, data_version: str, model: dsl.Output[dsl.Model],
          metrics: dsl.Output[dsl.Artifact]):
    """Your training step: any image that writes a model directory and a metrics file."""
    return dsl.ContainerSpec(
        image=TRAINER_IMAGE,
        args=[
            '--dataset', dataset,
            '--data-version', data_version,
            '--model-dir', model.path,
            '--metrics', metrics.path,
        ],
    )


@dsl.component(base_image='python:3.12-slim')
def notify(pipeline: str, status: dsl.PipelineTaskFinalStatus):
    """Runs when the pipeline ends, whatever happened: posts {"text": "..."} (Slack's incoming-webhook
    format) to the URL in the Secret cairn-notify (key: url); without that Secret it only logs."""
    import json
    import os
    import urllib.request

    text = f'{pipeline} {status.pipeline_job_resource_name}: {status.state}'
    if status.error_message:
        text += f' ({status.error_message})'
    print(text)
    url = os.environ.get('WEBHOOK_URL', '')
    if not url:
        print('no webhook: create the Secret cairn-notify (key url) to be told')
        return
    request = urllib.request.Request(
        url, data=json.dumps({'text': text}).encode(), headers={'Content-Type': 'application/json'})
    urllib.request.urlopen(request, timeout=30).read()


def retrain(data, dataset_name, model_name, git_url, remote, remote_endpoint_url, stage, gate):
    """The pipeline's body: snapshot, then (if it needs training) train and register."""
    snapshot = with_work_volume(with_cairn_secrets(
        snapshot_data(data=data, name=dataset_name, git_url=git_url, remote=remote,
                      remote_endpoint_url=remote_endpoint_url)), 'snapshot-data')
    data_version = f"{snapshot.outputs['name']}@{snapshot.outputs['version']}"

    with dsl.If(snapshot.outputs['needs_training'] == True, name='needs-training'):  # noqa: E712
        trained = train(dataset=data, data_version=data_version)

        # The model and the metrics file travel as artifacts from the training pod; the gate is
        # checked against these metrics and the stage model's recorded ones before any write.
        with_work_volume(with_cairn_secrets(
            train_register(
                model=trained.outputs['model'],
                metrics_file=trained.outputs['metrics'],
                name=model_name,
                data=data_version,
                stage=stage,
                gate=gate,
                git_url=git_url,
                remote=remote,
                remote_endpoint_url=remote_endpoint_url,
            )), 'train-register')


@dsl.pipeline(
    name='cairn-daily-retrain',
    description='Snapshot the data; if it needs training, train, register and promote past the gate.')
def daily_retrain(
    data: str = 's3://example-bucket/datasets/churn',
    dataset_name: str = 'churn-data',
    model_name: str = 'churn-model',
    git_url: str = 'https://git.example.com/ml/registry.git',
    remote: str = 's3://example-bucket/dvc',
    remote_endpoint_url: str = '',
    stage: str = 'prod',
    gate: str = 'accuracy >= stage.accuracy',
):
    """remote_endpoint_url: an S3-compatible endpoint (MinIO, Ceph, ...); '' for AWS S3."""
    # Success or failure, say so: notify runs when everything inside the handler has ended.
    exit_task = notify(pipeline='cairn-daily-retrain')
    kubernetes.use_secret_as_env(
        exit_task, secret_name='cairn-notify', secret_key_to_env={'url': 'WEBHOOK_URL'},
        optional=True)
    with dsl.ExitHandler(exit_task, name='notify-on-exit'):
        retrain(data, dataset_name, model_name, git_url, remote, remote_endpoint_url, stage, gate)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else str(pathlib.Path(__file__).with_suffix('.yaml'))
    compiler.Compiler().compile(daily_retrain, out)
    print(out)
