"""The Cairn steps as Kubeflow Pipelines tasks.

    from kfp import dsl
    import cairn_kfp

    cairn_kfp.configure(registry='registry.example.com/ml', tag='0.1.0')   # your images

    @dsl.pipeline
    def daily(data: str):
        snapshot = cairn_kfp.snapshot_data(data=data, name='churn-data', git_url=...)

Each of snapshot_data, train_register and rollback_model adds the step's task to the pipeline with
what a Cairn step needs on Kubernetes:

- the image: ``image=`` for one task, else :func:`configure`'s registry/tag for all three, else the
  environment when compiling (``CAIRN_IMAGE_REGISTRY``, ``CAIRN_IMAGE_TAG``), else the generated
  component's image;
- the Secrets, mounted with kfp-kubernetes where the step looks for them (optional: a missing
  Secret is skipped, and the step names it when it needs it);
- a work volume, if one is configured (``work_volume=``, :func:`configure` or
  ``CAIRN_WORK_VOLUME``): the PersistentVolumeClaim mounted at /workspace, the step working in
  /workspace/<step>, so the next run reuses its Git mirror, cache and hash state;
- no caching (see :func:`cairn_task`);
- the KFP run id, recorded in the version's lineage (see :data:`RUN_ID_INPUT`).

The component files are the ones the manifests generator writes (manifests/generated/kfp), shipped
as package data; :func:`component` loads one.
"""

import importlib.resources
import os
from typing import Dict, Optional

from kfp import components, dsl, kubernetes

__all__ = [
    'STEPS',
    'SECRET_MOUNTS',
    'SECRET_NAME_VARIABLES',
    'RUN_ID_INPUT',
    'WORK_MOUNT',
    'configure',
    'component',
    'step_image',
    'cairn_task',
    'snapshot_data',
    'train_register',
    'rollback_model',
    'SHARD_ROLES',
    'sharded_snapshot',
]

STEPS = ('snapshot-data', 'train-register', 'rollback-model')

# The components of a sharded snapshot: snapshot-data with --role plan, shard or merge.
SHARD_ROLES = ('snapshot-data-plan', 'snapshot-data-shard', 'snapshot-data-merge')

# Default Secret name -> where the steps look for it. Keys: ssh-privatekey, token, known_hosts,
# credentials (an AWS shared-credentials file), key.json (a Google service-account key),
# connection_string or sas_token (Azure Storage). configure(secrets=...) renames them.
# kfp-kubernetes cannot set a Secret volume's defaultMode, so the SSH key shows mode 0644; the steps
# accept that because Kubernetes mounts Secret volumes read-only and inside the pod only.
SECRET_MOUNTS: Dict[str, str] = {
    'cairn-git-ssh': '/var/run/cairn/git-ssh',
    'cairn-git-token': '/var/run/cairn/git-token',
    'cairn-known-hosts': '/var/run/cairn/known-hosts',
    'cairn-aws': '/var/run/cairn/aws',
    'cairn-gcp': '/var/run/cairn/gcp',
    'cairn-azure': '/var/run/cairn/azure',
}

# Each step gets the name of the Secret mounted at each path, so that a missing Secret (an empty
# optional volume) fails with a message naming it. Names only, never a Secret's content.
SECRET_NAME_VARIABLES: Dict[str, str] = {
    '/var/run/cairn/git-ssh': 'CAIRN_GIT_SSH_SECRET',
    '/var/run/cairn/git-token': 'CAIRN_GIT_TOKEN_SECRET',
    '/var/run/cairn/known-hosts': 'CAIRN_KNOWN_HOSTS_SECRET',
    '/var/run/cairn/aws': 'CAIRN_AWS_CREDENTIALS_SECRET',
    '/var/run/cairn/gcp': 'CAIRN_GCP_CREDENTIALS_SECRET',
    '/var/run/cairn/azure': 'CAIRN_AZURE_CREDENTIALS_SECRET',
}

AWS_CREDENTIALS_FILE = '/var/run/cairn/aws/credentials'

# The input every Cairn component has for the run id. It gets dsl.PIPELINE_JOB_ID_PLACEHOLDER
# ('{{$.pipeline_job_uuid}}'): the KFP backend (2.4 and later) replaces that placeholder with the
# run's id when it is a task's input value, but not in a container's environment, so the run id is
# passed as an input (--kfp-run-id) rather than as CAIRN_KFP_RUN_ID. The step records it in the
# version's lineage (run: kfp <id>) and tag messages.
RUN_ID_INPUT = 'kfp_run_id'

WORK_MOUNT = '/workspace'

_settings: Dict[str, Optional[object]] = {
    'registry': None,
    'tag': None,
    'work_volume': None,
    'secrets': None,
    'azure_workload_identity': None,
}

# The pod label AKS Workload Identity's webhook looks for (it then mounts the federated token that
# Azure's default credential chain in the steps reads).
AZURE_WORKLOAD_IDENTITY_LABEL = 'azure.workload.identity/use'


def configure(registry: Optional[str] = None,
              tag: Optional[str] = None,
              work_volume: Optional[str] = None,
              secrets: Optional[Dict[str, str]] = None,
              azure_workload_identity: Optional[bool] = None) -> None:
    """Sets, for every Cairn task created afterwards, what would otherwise come from the
    environment when compiling.

    registry: where your Cairn images are (``registry.example.com/ml``); each step keeps its image
        name (cairn-snapshot-data, ...). Default: ``CAIRN_IMAGE_REGISTRY``, else the generated one.
    tag: the images' tag (``0.1.0``), or a digest (``sha256:...``). Default: ``CAIRN_IMAGE_TAG``,
        else the generated one. No release publishes the images yet: build and push them first.
    work_volume: an existing PersistentVolumeClaim for the steps' work directories ('' for none).
        Default: ``CAIRN_WORK_VOLUME``, else none (the pod's own disk). Fixed at compile time: a
        KFP volume cannot be left out at run time. One run of a step at a time per claim (a second
        one finds the work directory locked, exit code 6); the claim must be writable by the
        step's user (65532 in the Cairn images).
    secrets: your Secret names, by default name (``{'cairn-aws': 'team-aws'}``).
    azure_workload_identity: label every task's pod ``azure.workload.identity/use: "true"`` for
        AKS Workload Identity (keyless ``azure://`` remotes; annotate the pipeline runner's
        ServiceAccount with ``azure.workload.identity/client-id`` yourself). Default:
        ``CAIRN_AZURE_WORKLOAD_IDENTITY`` (``true``/``false``), else off.

    Calling it again replaces every setting; ``configure()`` goes back to the defaults.
    """
    unknown = set(secrets or {}) - set(SECRET_MOUNTS)
    if unknown:
        raise ValueError(
            f'unknown Cairn Secret {sorted(unknown)}: use one of {sorted(SECRET_MOUNTS)}')
    _settings.update(registry=registry, tag=tag, work_volume=work_volume,
                     secrets=dict(secrets or {}),
                     azure_workload_identity=azure_workload_identity)


def _setting(name: str, variable: str) -> str:
    value = _settings[name]
    if value is None:
        value = os.environ.get(variable, '')
    return str(value)


def _azure_workload_identity() -> bool:
    value = _settings['azure_workload_identity']
    if value is not None:
        return bool(value)
    text = os.environ.get('CAIRN_AZURE_WORKLOAD_IDENTITY', '').strip().lower()
    if text in ('', 'false', '0', 'no'):
        return False
    if text in ('true', '1', 'yes'):
        return True
    raise ValueError(f'CAIRN_AZURE_WORKLOAD_IDENTITY={text!r}: use true or false')


def _component_text(step: str) -> str:
    if step not in STEPS + SHARD_ROLES:
        raise ValueError(f'unknown Cairn step {step!r}: use one of {", ".join(STEPS)}')
    return (importlib.resources.files(__package__) / 'components' / f'{step}.yaml').read_text(
        encoding='utf-8')


def _with_registry_and_tag(generated: str, registry: str, tag: str) -> str:
    repository, _, generated_tag = generated.rpartition(':')
    if '@' in generated:
        repository, _, generated_tag = generated.partition('@')
    generated_registry, _, name = repository.rpartition('/')
    registry = (registry or generated_registry).rstrip('/')
    tag = tag or generated_tag
    separator = '@' if tag.startswith('sha256:') else ':'
    return f'{registry}/{name}{separator}{tag}'


def step_image(step: str, image: Optional[str] = None) -> str:
    """The image a task of ``step`` runs: ``image`` if given, else the generated component's image
    with the configured (or ``CAIRN_IMAGE_REGISTRY``/``CAIRN_IMAGE_TAG``) registry and tag."""
    if image:
        return image
    generated = components.load_component_from_text(
        _component_text(step)).component_spec.implementation.container.image
    return _with_registry_and_tag(generated, _setting('registry', 'CAIRN_IMAGE_REGISTRY'),
                                  _setting('tag', 'CAIRN_IMAGE_TAG'))


def component(step: str, image: Optional[str] = None):
    """The KFP component of ``step`` (snapshot-data, train-register or rollback-model), loaded
    from the package's copy of the generated file, running :func:`step_image`."""
    loaded = components.load_component_from_text(_component_text(step))
    loaded.component_spec.implementation.container.image = step_image(step, image)
    return loaded


def cairn_task(task: dsl.PipelineTask, step: str, work_volume: Optional[str] = None):
    """Gives a task of a Cairn component what the step needs on Kubernetes: the Secrets mounted
    (optional), the AWS SDK pointed at the mounted credentials, the work volume if any, and no
    caching.

    Caching is off because a Cairn step's inputs are the same every day (the data's path, the
    registry's URL): KFP would replay day 1's outputs from its cache and the step would never look
    at the data, the registry or the remote again (a rollback must see the registry as it is now).
    """
    task.set_caching_options(False)
    names = _settings['secrets'] or {}
    for default_name, path in SECRET_MOUNTS.items():
        secret = names.get(default_name, default_name)
        kubernetes.use_secret_as_volume(task, secret_name=secret, mount_path=path, optional=True)
        task.set_env_variable(SECRET_NAME_VARIABLES[path], secret)
    task.set_env_variable('AWS_SHARED_CREDENTIALS_FILE', AWS_CREDENTIALS_FILE)
    if _azure_workload_identity():
        kubernetes.add_pod_label(task, AZURE_WORKLOAD_IDENTITY_LABEL, 'true')
    claim = work_volume if work_volume is not None else _setting('work_volume', 'CAIRN_WORK_VOLUME')
    if claim:
        kubernetes.mount_pvc(task, pvc_name=claim, mount_path=WORK_MOUNT)
        task.set_env_variable('CAIRN_WORK_DIR', f'{WORK_MOUNT}/{step}')
    return task


def _task(step: str, image: Optional[str], work_volume: Optional[str], inputs) -> dsl.PipelineTask:
    inputs.setdefault(RUN_ID_INPUT, dsl.PIPELINE_JOB_ID_PLACEHOLDER)
    return cairn_task(component(step, image)(**inputs), step, work_volume)


def snapshot_data(*, image: Optional[str] = None, work_volume: Optional[str] = None,
                  **inputs) -> dsl.PipelineTask:
    """A snapshot-data task: versions the data (``data=`` a path or s3:// prefix, or ``dataset=``
    an upstream Dataset) as ``name``. Outputs: name, version, changed, needs_training, ..."""
    return _task('snapshot-data', image, work_volume, inputs)


def train_register(*, image: Optional[str] = None, work_volume: Optional[str] = None,
                   **inputs) -> dsl.PipelineTask:
    """A train-register task: versions the model (``model=`` an upstream Model, or ``model_path=``)
    with its metrics and data lineage, and promotes it to ``stage`` if ``gate`` passes."""
    return _task('train-register', image, work_volume, inputs)


def rollback_model(*, image: Optional[str] = None, work_volume: Optional[str] = None,
                   **inputs) -> dsl.PipelineTask:
    """A rollback-model task: moves ``stage`` of ``name`` back (``to=previous`` or a version), with
    a ``reason``; ``dry_run=True`` only resolves and checks."""
    return _task('rollback-model', image, work_volume, inputs)


def sharded_snapshot(*, shards: int, parallelism: int = 8, image: Optional[str] = None,
                     **inputs) -> dsl.PipelineTask:
    """A snapshot too big for one pod: a plan task cuts ``data`` into ``shards`` shards, a
    ``dsl.ParallelFor`` runs one shard task per shard (at most ``parallelism`` at once), then a
    merge task registers the version. ``inputs`` are snapshot-data's (``data``, ``name``,
    ``git_url``, ``remote``, ...). The shard count is fixed when compiling (ParallelFor iterates over
    the indexes). Returns the merge task: its outputs are snapshot-data's (name, version, md5, ...).
    Shard and merge tasks get no work volume: the shards run at once."""
    step = 'snapshot-data'
    plan = _task_of('snapshot-data-plan', step, image, None, dict(inputs, shards=shards))
    with dsl.ParallelFor([str(i) for i in range(shards)], parallelism=parallelism) as index:
        shard = _task_of('snapshot-data-shard', step, image, '',
                         dict(inputs, shard=index, plan=plan.outputs['shards']))
    merge = _task_of('snapshot-data-merge', step, image, '',
                     dict(inputs, plan=plan.outputs['shards']))
    return merge.after(shard)


def _task_of(component_name: str, step: str, image: Optional[str], work_volume: Optional[str],
             inputs) -> dsl.PipelineTask:
    inputs.setdefault(RUN_ID_INPUT, dsl.PIPELINE_JOB_ID_PLACEHOLDER)
    loaded = components.load_component_from_text(_component_text(component_name))
    loaded.component_spec.implementation.container.image = step_image(step, image)
    return cairn_task(loaded(**inputs), step, work_volume)
