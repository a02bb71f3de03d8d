"""cairn_kfp with the real KFP SDK: compiles pipelines using each component and reads the IR."""

import os
import tempfile
import unittest
from unittest import mock

import yaml
from kfp import compiler, dsl

import cairn_kfp

GENERATED_REGISTRY = 'ghcr.io/cairn-dev'
CLEAN_ENV = {'CAIRN_IMAGE_REGISTRY': '', 'CAIRN_IMAGE_TAG': '', 'CAIRN_WORK_VOLUME': '',
             'CAIRN_AZURE_WORKLOAD_IDENTITY': ''}


def compile_pipeline(pipeline):
    """The two documents of the compiled pipeline: the pipeline spec and the platform spec."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'pipeline.yaml')
        compiler.Compiler().compile(pipeline, out)
        with open(out, encoding='utf-8') as f:
            docs = list(yaml.safe_load_all(f))
    return docs[0], (docs[1] if len(docs) > 1 else {})


def container(spec, step):
    return spec['deploymentSpec']['executors'][f'exec-{step}']['container']


def kubernetes_executor(platform, step):
    return platform['platforms']['kubernetes']['deploymentSpec']['executors'][f'exec-{step}']


def env(spec, step):
    return {e['name']: e['value'] for e in container(spec, step).get('env', [])}


def one_task_each():
    """A pipeline with a task of each Cairn component."""

    @dsl.pipeline(name='cairn-each')
    def each(data: str = 's3://bucket/data'):
        snapshot_task = cairn_kfp.snapshot_data(data=data, name='churn-data')
        cairn_kfp.train_register(model_path='/mnt/model', name='churn-model',
                                 data=snapshot_task.outputs['version'])
        cairn_kfp.rollback_model(name='churn-model', reason='accuracy dropped', dry_run=True)

    return each


class CairnKfpTest(unittest.TestCase):

    def setUp(self):
        patcher = mock.patch.dict(os.environ, CLEAN_ENV)
        patcher.start()
        self.addCleanup(patcher.stop)
        cairn_kfp.configure()
        self.addCleanup(cairn_kfp.configure)

    def test_the_package_ships_the_three_generated_components(self):
        for step in cairn_kfp.STEPS:
            loaded = cairn_kfp.component(step)
            self.assertEqual(loaded.name, step)
            self.assertTrue(
                loaded.component_spec.implementation.container.image.startswith(
                    f'{GENERATED_REGISTRY}/cairn-{step}:'))
        with self.assertRaisesRegex(ValueError, 'unknown Cairn step .snapshot-dta.'):
            cairn_kfp.component('snapshot-dta')

    def test_every_step_without_caching_with_secrets_and_the_run_id(self):
        spec, platform = compile_pipeline(one_task_each())
        tasks = spec['root']['dag']['tasks']
        for step in cairn_kfp.STEPS:
            with self.subTest(step=step):
                task = tasks[step]
                # the KFP SDK writes enableCache: true for a cached task, false when it is off
                self.assertFalse(task.get('cachingOptions', {}).get('enableCache', False))
                # the run id: the placeholder as the task's input value, which the backend replaces
                self.assertEqual(
                    task['inputs']['parameters']['kfp_run_id'],
                    {'runtimeValue': {'constant': '{{$.pipeline_job_uuid}}'}})
                self.assertEqual(dsl.PIPELINE_JOB_ID_PLACEHOLDER, '{{$.pipeline_job_uuid}}')
                self.assertTrue(
                    any('"InputName": "kfp_run_id"' in a and '--kfp-run-id={{$.inputs.parameters'
                        in a for a in container(spec, step)['args']))
                # the image of the generated component
                self.assertRegex(container(spec, step)['image'],
                                 rf'^{GENERATED_REGISTRY}/cairn-{step}:\S+$')
                # the Secrets, mounted optional where the step looks for them, and their names
                mounts = kubernetes_executor(platform, step)['secretAsVolume']
                self.assertEqual(
                    {m['mountPath']: m['secretNameParameter']['runtimeValue']['constant']
                     for m in mounts},
                    {path: name for name, path in cairn_kfp.SECRET_MOUNTS.items()})
                self.assertTrue(all(m['optional'] for m in mounts))
                self.assertEqual(env(spec, step)['CAIRN_AWS_CREDENTIALS_SECRET'], 'cairn-aws')
                self.assertEqual(env(spec, step)['AWS_SHARED_CREDENTIALS_FILE'],
                                 '/var/run/cairn/aws/credentials')
                # no work volume unless one is asked for
                self.assertNotIn('pvcMount', kubernetes_executor(platform, step))
                self.assertNotIn('CAIRN_WORK_DIR', env(spec, step))

    def test_an_image_for_one_task(self):

        @dsl.pipeline(name='one-image')
        def one_image():
            cairn_kfp.snapshot_data(data='/data', name='d',
                                    image='registry.example.com/x/snap:1.2.3')
            cairn_kfp.rollback_model(name='m', reason='r')

        spec, _ = compile_pipeline(one_image)
        self.assertEqual(container(spec, 'snapshot-data')['image'],
                         'registry.example.com/x/snap:1.2.3')
        self.assertTrue(container(spec, 'rollback-model')['image'].startswith(GENERATED_REGISTRY))

    def test_configure_sets_registry_and_tag_for_all_three(self):
        cairn_kfp.configure(registry='registry.example.com/ml/', tag='2.0.0')
        spec, _ = compile_pipeline(one_task_each())
        for step in cairn_kfp.STEPS:
            self.assertEqual(container(spec, step)['image'],
                             f'registry.example.com/ml/cairn-{step}:2.0.0')

    def test_a_digest_pins_the_images(self):
        digest = 'sha256:' + 'a' * 64
        cairn_kfp.configure(registry='registry.example.com/ml', tag=digest)
        self.assertEqual(cairn_kfp.step_image('train-register'),
                         f'registry.example.com/ml/cairn-train-register@{digest}')

    def test_the_environment_sets_registry_and_tag_when_configure_does_not(self):
        with mock.patch.dict(os.environ, {'CAIRN_IMAGE_REGISTRY': 'reg.example.com',
                                          'CAIRN_IMAGE_TAG': '9.9.9'}):
            self.assertEqual(cairn_kfp.step_image('snapshot-data'),
                             'reg.example.com/cairn-snapshot-data:9.9.9')
            cairn_kfp.configure(tag='1.0.0')
            self.assertEqual(cairn_kfp.step_image('snapshot-data'),
                             'reg.example.com/cairn-snapshot-data:1.0.0')

    def test_a_work_volume_mounts_the_claim_and_gives_each_step_a_directory(self):
        cairn_kfp.configure(work_volume='cairn-work')
        spec, platform = compile_pipeline(one_task_each())
        for step in cairn_kfp.STEPS:
            with self.subTest(step=step):
                mounts = kubernetes_executor(platform, step)['pvcMount']
                self.assertEqual(len(mounts), 1)
                self.assertEqual(mounts[0]['mountPath'], '/workspace')
                self.assertEqual(mounts[0]['pvcNameParameter']['runtimeValue']['constant'],
                                 'cairn-work')
                self.assertEqual(env(spec, step)['CAIRN_WORK_DIR'], f'/workspace/{step}')

    def test_the_environment_names_the_work_volume_and_a_task_can_go_without(self):
        # KFP builds the pipeline when the function is decorated: that is when the task is made
        with mock.patch.dict(os.environ, {'CAIRN_WORK_VOLUME': 'from-env'}):

            @dsl.pipeline(name='volumes')
            def volumes():
                cairn_kfp.snapshot_data(data='/data', name='d')
                cairn_kfp.rollback_model(name='m', reason='r', work_volume='')

        spec, platform = compile_pipeline(volumes)
        self.assertEqual(
            kubernetes_executor(platform, 'snapshot-data')['pvcMount'][0]['pvcNameParameter'],
            {'runtimeValue': {'constant': 'from-env'}})
        self.assertNotIn('pvcMount', kubernetes_executor(platform, 'rollback-model'))

    def test_azure_workload_identity_labels_every_pod_only_when_asked(self):
        spec, platform = compile_pipeline(one_task_each())
        for step in cairn_kfp.STEPS:
            self.assertNotIn('podMetadata', kubernetes_executor(platform, step))
        cairn_kfp.configure(azure_workload_identity=True)
        spec, platform = compile_pipeline(one_task_each())
        for step in cairn_kfp.STEPS:
            with self.subTest(step=step):
                self.assertEqual(kubernetes_executor(platform, step)['podMetadata']['labels'],
                                 {'azure.workload.identity/use': 'true'})

    def test_the_environment_turns_azure_workload_identity_on(self):
        cairn_kfp.configure()
        with mock.patch.dict(os.environ, {'CAIRN_AZURE_WORKLOAD_IDENTITY': 'true'}):

            @dsl.pipeline(name='azure')
            def azure():
                cairn_kfp.snapshot_data(data='azure://data/raw', name='d')

        spec, platform = compile_pipeline(azure)
        self.assertEqual(kubernetes_executor(platform, 'snapshot-data')['podMetadata']['labels'],
                         {'azure.workload.identity/use': 'true'})
        with mock.patch.dict(os.environ, {'CAIRN_AZURE_WORKLOAD_IDENTITY': 'maybe'}):
            with self.assertRaisesRegex(ValueError, 'use true or false'):

                @dsl.pipeline(name='bad')
                def bad():
                    cairn_kfp.snapshot_data(data='azure://data/raw', name='d')

    def test_your_secret_names(self):
        cairn_kfp.configure(secrets={'cairn-aws': 'team-aws'})
        spec, platform = compile_pipeline(one_task_each())
        names = [m['secretNameParameter']['runtimeValue']['constant']
                 for m in kubernetes_executor(platform, 'train-register')['secretAsVolume']]
        self.assertIn('team-aws', names)
        self.assertNotIn('cairn-aws', names)
        self.assertEqual(env(spec, 'train-register')['CAIRN_AWS_CREDENTIALS_SECRET'], 'team-aws')
        with self.assertRaisesRegex(ValueError, "unknown Cairn Secret \\['aws'\\]"):
            cairn_kfp.configure(secrets={'aws': 'x'})

    def test_upstream_artifacts_feed_the_steps(self):

        @dsl.container_component
        def train(model: dsl.Output[dsl.Model], metrics: dsl.Output[dsl.Artifact]):
            return dsl.ContainerSpec(image='registry.example.com/ml/trainer:1',
                                     args=[model.path, metrics.path])

        @dsl.pipeline(name='artifacts')
        def artifacts():
            trained = train()
            cairn_kfp.train_register(model=trained.outputs['model'],
                                     metrics_file=trained.outputs['metrics'], name='m')

        spec, platform = compile_pipeline(artifacts)
        task = spec['root']['dag']['tasks']['train-register']
        self.assertEqual(task['inputs']['artifacts']['model']['taskOutputArtifact'],
                         {'outputArtifactKey': 'model', 'producerTask': 'train'})
        # the user's training task is not a Cairn task
        self.assertNotIn('exec-train', platform['platforms']['kubernetes']['deploymentSpec']
                         ['executors'])


    def test_a_sharded_snapshot_plans_fans_out_and_merges(self):
        @dsl.pipeline(name='sharded')
        def sharded(data: str = 's3://bucket/lake'):
            merged = cairn_kfp.sharded_snapshot(shards=4, parallelism=2, data=data, name='lake',
                                                git_url='ssh://git@host/r.git',
                                                remote='s3://bucket/dvc')
            self.assertIn('version', merged.outputs)

        spec, platform = compile_pipeline(sharded)
        tasks = spec['root']['dag']['tasks']
        loop = next(t for name, t in tasks.items() if name.startswith('for-loop'))
        self.assertEqual(loop['iteratorPolicy']['parallelismLimit'], 2)
        self.assertEqual(len(loop['parameterIterator']['items']['raw'].split(',')), 4)
        plan, merge = tasks['snapshot-data'], tasks['snapshot-data-3']
        self.assertEqual(plan['inputs']['parameters']['shards']['runtimeValue']['constant'], 4)
        self.assertEqual(merge['inputs']['parameters']['plan']['taskOutputParameter'],
                         {'outputParameterKey': 'shards', 'producerTask': 'snapshot-data'})
        self.assertIn('for-loop-2', merge['dependentTasks'])
        components = spec['components']
        roles = {name: components[name]['inputDefinitions']['parameters']['role']['defaultValue']
                 for name in ('comp-snapshot-data', 'comp-snapshot-data-2', 'comp-snapshot-data-3')}
        self.assertEqual(roles, {'comp-snapshot-data': 'plan', 'comp-snapshot-data-2': 'shard',
                                 'comp-snapshot-data-3': 'merge'})
        shard = components['comp-for-loop-2']['dag']['tasks']['snapshot-data-2']
        self.assertEqual(shard['inputs']['parameters']['shard']['componentInputParameter'],
                         'pipelinechannel--loop-item-param-1')
        # no work volume for the shards: they run at once
        self.assertNotIn('pvcMount', kubernetes_executor(platform, 'snapshot-data-2'))

if __name__ == '__main__':
    unittest.main()
