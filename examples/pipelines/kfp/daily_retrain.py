"""Daily retraining on Kubeflow Pipelines with Cairn.

snapshot-data versions the dataset; when it changed, or when no model version records this data
version in its lineage yet (needs_training: a day whose training failed catches up the next day),
your training container trains a model and train-register versions it (recording the data version)
and promotes it to a stage if the gate passes. Otherwise training and registration are skipped.

The Cairn tasks come from the cairn_kfp package (python/cairn-kfp): each runs without KFP's
caching (its inputs are the same every day), with the Cairn Secrets mounted, the run id recorded in
lineage and, if you name one, a work volume.

Compile:  python daily_retrain.py [OUT.yaml]   (default: daily_retrain.yaml next to this file)
          CAIRN_WORK_VOLUME=CLAIM python daily_retrain.py   (the steps' work directories on a PVC)
          CAIRN_IMAGE_REGISTRY=REG CAIRN_IMAGE_TAG=TAG python daily_retrain.py   (your Cairn images)
Needs:    pip install ./python/cairn-kfp   (from the repository root; brings kfp and kfp-kubernetes)
"""

import os
import pathlib
import sys

from kfp import compiler, dsl, kubernetes

try:
    import cairn_kfp
except ImportError:
    sys.exit('cairn_kfp is not installed: pip install ./python/cairn-kfp (from the repository root)')

# Your training image: reads the dataset, writes the model directory and a metrics JSON file
# such as {"accuracy": 0.91}. Replace it with your own (or set CAIRN_TRAINER_IMAGE when compiling).
TRAINER_IMAGE = os.environ.get('CAIRN_TRAINER_IMAGE', 'registry.example.com/ml/churn-trainer:1.0.0')


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
    snapshot = cairn_kfp.snapshot_data(data=data, name=dataset_name, git_url=git_url,
                                       remote=remote, remote_endpoint_url=remote_endpoint_url)
    data_version = f"{snapshot.outputs['name']}@{snapshot.outputs['version']}"

    with dsl.If(snapshot.outputs['needs_training'] == True, name='needs-training'):  # noqa: E712
        trained = train(dataset=data, data_version=data_version)

        # The model and the metrics file travel as artifacts from the training pod; the gate is
        # checked against these metrics and the stage model's recorded ones before any write.
        cairn_kfp.train_register(
            model=trained.outputs['model'],
            metrics_file=trained.outputs['metrics'],
            name=model_name,
            data=data_version,
            stage=stage,
            gate=gate,
            git_url=git_url,
            remote=remote,
            remote_endpoint_url=remote_endpoint_url,
        )


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
