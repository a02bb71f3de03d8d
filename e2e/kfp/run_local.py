"""Runs the KFP example's components for real, with kfp.local's Docker runner: the e2e KFP scenario.

The components are the ones examples/pipelines/kfp/daily_retrain.py and rollback.py use (the generated
Cairn components from the checkout's cairn_kfp package, python/cairn-kfp, with its image settings, and
the example's `train` container component), unchanged, each task a container of
its real image on a local Docker engine (DOCKER_HOST). What a cluster gives a pod is given by the
runner: the host network (Git and MinIO listen on 127.0.0.1) and bind mounts standing in for the
Kubernetes Secrets (kfp.local leaves kfp-kubernetes settings out).

The components are called one by one, in the pipeline's order and with its `needs_training` gate, rather
than through the pipeline function, because of two kfp 2.17 local-runner gaps (the KFP backend has
neither):
  - a dsl.If on a named output of a task is not resolved: it warns "Could not resolve parent input",
    skips the branch and reports SUCCESS;
  - a container component's output artifacts (the trainer's model and metrics) are not returned
    unless the container writes an executor output file, and a single component call takes no
    input artifacts; so train-register gets the paths the trainer wrote under the pipeline root
    (mounted at the same path in every container) through its model_path and metrics inputs.

usage: run_local.py FLOW --pipeline-root DIR [--mount SRC:DST[:ro]]... [NAME=VALUE]...
  daily     snapshot-data, then (when it says needs_training) train and train-register
            NAME=VALUE: data, dataset_name, model_name, git_url, remote, remote_endpoint_url, stage, gate
  rollback  rollback-model
            NAME=VALUE: any rollback-model input (name, reason, stage, to, dry_run, git_url, ...)
Prints each task's outputs as one JSON object per line ({"task": ..., "outputs": {...}}).
Exit 0 when every task succeeded, 1 when one failed (kfp.local printed its logs above).
"""

import argparse
import importlib.util
import json
import pathlib
import sys

import docker
from kfp import local

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / 'examples' / 'pipelines' / 'kfp'
# the checkout's package (the examples import it too), not whatever copy may be installed
sys.path.insert(0, str(REPO / 'python' / 'cairn-kfp' / 'src'))

import cairn_kfp  # noqa: E402

# The bare components: kfp.local runs a single component call at once and leaves kfp-kubernetes
# settings out (the Secrets are bind mounts here).
snapshot_data = cairn_kfp.component('snapshot-data')
train_register = cairn_kfp.component('train-register')
rollback_model = cairn_kfp.component('rollback-model')


def example(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f'{name}.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def argument(text):
    name, sep, value = text.partition('=')
    if not sep:
        raise argparse.ArgumentTypeError(f'expected NAME=VALUE, got {text!r}')
    return name, {'true': True, 'false': False}.get(value, value)


def mount(text):
    parts = text.split(':')
    if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] != 'ro'):
        raise argparse.ArgumentTypeError(f'expected SRC:DST[:ro], got {text!r}')
    return docker.types.Mount(
        target=parts[1], source=str(pathlib.Path(parts[0]).resolve()), type='bind',
        read_only=len(parts) == 3)


def report(task_name, task):
    outputs = {}
    for key, value in task.outputs.items():
        outputs[key] = getattr(value, 'path', value)
    print(json.dumps({'task': task_name, 'outputs': outputs}, sort_keys=True), flush=True)
    return task


def written_outputs(pipeline_root, task_name):
    """The directory of a task's outputs: its newest run under the pipeline root."""
    runs = sorted(pathlib.Path(pipeline_root).glob(f'{task_name}-[0-9]*'))
    if not runs:
        raise RuntimeError(f'no output directory of {task_name} under {pipeline_root}')
    return runs[-1] / task_name


def daily(a, pipeline_root):
    components = example('daily_retrain')
    remote = {'remote': a['remote'], 'remote_endpoint_url': a.get('remote_endpoint_url', '')}
    snapshot = report('snapshot-data', snapshot_data(
        data=a['data'], name=a['dataset_name'], git_url=a['git_url'], **remote))
    if not snapshot.outputs['needs_training']:
        print(json.dumps({'task': 'train', 'skipped': 'no training needed'}), flush=True)
        return
    data_version = f"{snapshot.outputs['name']}@{snapshot.outputs['version']}"
    report('train', components.train(dataset=a['data'], data_version=data_version))
    trained = written_outputs(pipeline_root, 'train')
    report('train-register', train_register(
        model_path=str(trained / 'model'), metrics=str(trained / 'metrics'),
        name=a['model_name'], data=data_version, stage=a.get('stage', 'prod'),
        gate=a.get('gate', 'accuracy >= stage.accuracy'), git_url=a['git_url'], **remote))


def rollback(a, pipeline_root):
    report('rollback-model', rollback_model(**a))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('flow', choices=['daily', 'rollback'])
    parser.add_argument('--pipeline-root', required=True)
    parser.add_argument('--mount', type=mount, action='append', default=[])
    parser.add_argument('arguments', type=argument, nargs='*')
    args = parser.parse_intermixed_args()

    runner = local.DockerRunner(network_mode='host', mounts=args.mount)
    local.init(runner=runner, pipeline_root=args.pipeline_root)
    try:
        {'daily': daily, 'rollback': rollback}[args.flow](dict(args.arguments), args.pipeline_root)
    except RuntimeError as e:  # kfp.local: a task failed (its logs are above)
        print(f'run_local: {args.flow} failed: {e}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
