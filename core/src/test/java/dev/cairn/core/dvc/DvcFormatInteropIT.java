package dev.cairn.core.dvc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.dvc.DvcConfig.Level;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn's .dvc, config, dvc init and .gitignore writers against the real dvc (3.67.1): same bytes,
 * and each reads what the other wrote.
 */
class DvcFormatInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path repo;
  private String dvc;

  @BeforeEach
  void setUp() throws Exception {
    dvc = InteropTools.require("dvc").toString();
    repo = Files.createDirectories(tmp.resolve("repo"));
    run(repo, "git", "init", "-q");
    run(repo, dvc, "init", "-q");
  }

  private String run(Path dir, String... command) {
    return ProcessRunner.run(dir, List.of(command)).assertOk().stdout();
  }

  @Test
  void init_writesTheSameBytesAsDvcInit() throws Exception {
    Path ours = Files.createDirectories(tmp.resolve("ours"));
    DvcRepoFiles.init(ours);

    for (String file : List.of(".dvc/config", ".dvc/.gitignore", ".dvcignore")) {
      assertThat(Files.readAllBytes(ours.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(repo.resolve(file)));
    }
  }

  @Test
  void add_filesDirsAndExecutables_parsedAndRewrittenByteForByte() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("plain.csv", "a,b\n1,2\n");
    files.put("dätä ünï.txt", "non-ascii name\n");
    files.put("null", "a file named null\n");
    files.put("yes", "a file named yes\n");
    files.put("12345", "a file named like a number\n");
    files.put("it's #1.txt", "odd characters\n");
    files.put("n".repeat(100) + ".bin", "long name\n");
    for (var e : files.entrySet()) {
      Files.writeString(repo.resolve(e.getKey()), e.getValue(), UTF_8);
    }
    Path tool = repo.resolve("tool.sh");
    Files.writeString(tool, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path tree = repo.resolve("tree dir");
    Files.createDirectories(tree.resolve("sub/deeper"));
    Files.writeString(tree.resolve("a.txt"), "a\n");
    Files.writeString(tree.resolve("sub/ß ü.txt"), "b\n");
    Files.writeString(tree.resolve("sub/deeper/[odd] name!.txt"), "c\n");
    List<String> targets = new ArrayList<>(files.keySet());
    targets.add("tool.sh");
    targets.add("tree dir");
    List<String> command = new ArrayList<>(List.of(dvc, "add", "-q"));
    command.addAll(targets);
    ProcessRunner.run(repo, command).assertOk();

    for (String target : targets) {
      Path dvcFile = repo.resolve(target + ".dvc");
      String written = Files.readString(dvcFile, UTF_8);
      DvcFile parsed = DvcFile.read(dvcFile);
      Output out = parsed.outs().get(0);

      assertThat(out.path()).isEqualTo(target);
      assertThat(out.legacy()).isFalse();
      if (files.containsKey(target)) {
        byte[] data = files.get(target).getBytes(UTF_8);
        assertThat(out.oid()).isEqualTo(Oid.ofFile(md5(data)));
        assertThat(out.size()).isEqualTo((long) data.length);
      }
      Oid oid = java.util.Objects.requireNonNull(out.oid());
      long size = java.util.Objects.requireNonNull(out.size());
      Long nfiles = out.nfiles();
      Output fresh =
          nfiles != null
              ? Output.directory(out.path(), oid, size, nfiles)
              : Output.file(out.path(), oid, size).withExecutable(out.isexec());
      assertThat(DvcFile.of(List.of(fresh)).toText()).as(target).isEqualTo(written);
      assertThat(parsed.toText()).as(target).isEqualTo(written);
    }
    assertThat(DvcFile.read(repo.resolve("tool.sh.dvc")).outs().get(0).isexec()).isTrue();
    Output dir = DvcFile.read(repo.resolve("tree dir.dvc")).outs().get(0);
    assertThat(java.util.Objects.requireNonNull(dir.oid()).isDir()).isTrue();
    assertThat(dir.nfiles()).isEqualTo(3L);

    Path ours = Files.createDirectories(tmp.resolve("ours"));
    Files.writeString(ours.resolve(".gitignore"), "");
    for (String target : targets) {
      DvcRepoFiles.ignore(ours.resolve(target));
    }
    assertThat(Files.readString(ours.resolve(".gitignore")))
        .isEqualTo(Files.readString(repo.resolve(".gitignore")));
  }

  @Test
  void rewrittenDvcFileWithMeta_isAcceptedByDvcStatusAndReadBackByDvc() throws Exception {
    Files.writeString(repo.resolve("model.pt"), "weights\n");
    Files.createDirectories(repo.resolve("data/x"));
    Files.writeString(repo.resolve("data/x/1.csv"), "1\n");
    run(repo, dvc, "add", "-q", "model.pt", "data");
    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put("dataset", Map.of("name", "churn-data", "version", "v0.0.7"));
    lineage.put("dir_md5", "12345678901234567890123456789012.dir");
    lineage.put("commit", "1234e567");
    lineage.put("metrics", Map.of("auc", 0.93, "loss", 1e-05));
    lineage.put("flags", List.of("yes", "no", "null", "on", "", "a: b", "ünï"));
    lineage.put("run", Map.of("engine", "argo", "pod", "train-x-123"));

    for (String name : List.of("model.pt.dvc", "data.dvc")) {
      Path file = repo.resolve(name);
      DvcFile withMeta = DvcFile.read(file).withMeta(Map.of("cairn", lineage));
      withMeta.write(file);
      assertThat(Files.readString(file)).startsWith(DvcFile.read(file).withMeta(Map.of()).toText());

      String dvcMeta =
          python(
              "import json,sys\n"
                  + "from dvc.utils.serialize import load_yaml\n"
                  + "print(json.dumps(load_yaml(sys.argv[1])['meta']))\n",
              file.toString());
      assertThat(JSON.readValue(dvcMeta, Map.class))
          .isEqualTo(JSON.readValue(JSON.writeValueAsString(Map.of("cairn", lineage)), Map.class));
    }
    assertThat(run(repo, dvc, "status", "--json").strip()).isEqualTo("{}");
    String dataStatus = run(repo, dvc, "data", "status", "--json");
    assertThat(dataStatus).doesNotContain("uncommitted").doesNotContain("unknown");
  }

  @Test
  void emitter_tricky_values_matchDvcYamlDumper() throws Exception {
    Map<String, Object> meta = new LinkedHashMap<>();
    List<String> strings =
        List.of(
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "null",
            "Null",
            "~",
            "true",
            "False",
            "",
            " ",
            "12345678901234567890123456789012",
            "1234e567890123456789012345678901",
            "0123",
            "0x1F",
            "0o17",
            "1_000",
            "1e3",
            ".5",
            "-.inf",
            ".nan",
            "2024-01-01",
            "2024-01-01 10:00:00",
            "=",
            "<<",
            "- x",
            "? x",
            ": x",
            "a: b",
            "a #b",
            "a#b",
            "#x",
            "@x",
            "`x",
            "!x",
            "&x",
            "*x",
            "%x",
            "|x",
            ">x",
            "[x]",
            "{x}",
            "x,y",
            "it's",
            "\"q\"",
            "say \"hi\"",
            "tab\there",
            "line\nbreak",
            "trailing ",
            " leading",
            "ünï côdé",
            "emoji \uD83D\uDE00",
            "nbsp\u00A0x",
            "bell\u0007",
            "---",
            "...",
            "--x",
            "word ".repeat(30).strip(),
            "a".repeat(120),
            "'quoted' ".repeat(15),
            "line one\nline two " + "long ".repeat(25),
            "x".repeat(70) + " " + "y".repeat(20));
    for (int i = 0; i < strings.size(); i++) {
      meta.put("s" + i, strings.get(i));
    }
    meta.put("yes", "key yes");
    meta.put("1", "key 1");
    meta.put("a b", "key with space");
    meta.put("numbers", List.of(0, -7, 123456789012L, 1.5, 0.1, 1e-05, 1e20, 3.0, -0.0));
    meta.put("bools", List.of(true, false));
    meta.put("nested", List.of(List.of("a"), Map.of("k", List.of()), Map.of()));
    meta.put("nothing", null);
    Output out =
        Output.file("dir/" + "p".repeat(90), Oid.parse("acbd18db4cc2f85cedef654fccc4a4d8"), 3)
            .withField("desc", "word ".repeat(40).strip())
            .withField("labels", List.of("a", "yes", "1"));
    DvcFile file = DvcFile.of(List.of(out)).withMeta(meta);

    Map<String, Object> dict = new LinkedHashMap<>();
    Map<String, Object> outDict = new LinkedHashMap<>();
    outDict.put("md5", "acbd18db4cc2f85cedef654fccc4a4d8");
    outDict.put("size", 3);
    outDict.put("hash", "md5");
    outDict.put("path", out.path());
    outDict.put("desc", out.fields().get("desc"));
    outDict.put("labels", out.fields().get("labels"));
    dict.put("outs", List.of(outDict));
    dict.put("meta", meta);
    Path json = tmp.resolve("in.json");
    Files.writeString(json, JSON.writeValueAsString(dict));

    String expected =
        python(
            "import io,json,sys\n"
                + "from dvc.utils.serialize._yaml import _get_yaml\n"
                + "buf=io.StringIO(); _get_yaml().dump(json.load(open(sys.argv[1])), buf)\n"
                + "sys.stdout.write(buf.getvalue())\n",
            json.toString());
    assertThat(file.toText()).isEqualTo(expected);
    assertThat(DvcFile.parse(expected, "x").meta()).isEqualTo(file.meta());
  }

  @Test
  void emitter_randomStrings_matchDvcDumperAndParserMatchesDvcLoader() throws Exception {
    String[] alphabet = {
      "a",
      "b",
      "word",
      " ",
      " ",
      ":",
      "#",
      "-",
      "'",
      "\"",
      "\n",
      "\t",
      ",",
      "[",
      "]",
      "{",
      "}",
      "?",
      "!",
      "&",
      "*",
      "1",
      "0",
      "e",
      ".",
      "ü",
      "\u00a0",
      "\u2028",
      "\uD83D\uDE00",
      "\\",
      "~",
      "%",
      "@",
      "`",
      "|",
      ">",
      "\r",
      "\u0085",
      "\ufeff",
      "x "
    };
    for (long seed = 1; seed <= 8; seed++) {
      java.util.Random random = new java.util.Random(seed);
      Map<String, Object> meta = new LinkedHashMap<>();
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        int length = random.nextInt(3) == 0 ? 40 + random.nextInt(200) : random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
          sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        String value = sb.toString();
        if (i % 3 == 0) {
          list.add(value);
        } else if (i % 3 == 1) {
          String key =
              value
                  .codePoints()
                  .limit(20)
                  .filter(c -> c != '\n' && c != '\r' && c != 0x85 && c != 0x2028 && c != 0x2029)
                  .collect(
                      StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                  .toString();
          meta.put(key + i, value);
        } else {
          meta.put("m" + i, Map.of("deep", Map.of("deeper", value)));
        }
      }
      meta.put("list", list);
      Map<String, Object> dict = new LinkedHashMap<>();
      dict.put("meta", meta);
      Path json = tmp.resolve("random.json");
      Path yaml = tmp.resolve("random.yaml");
      Path loaded = tmp.resolve("loaded.json");
      Files.writeString(json, JSON.writeValueAsString(dict));

      python(
          "import io,json,sys\n"
              + "from dvc.utils.serialize._yaml import _get_yaml, parse_yaml\n"
              + "buf=io.StringIO(); _get_yaml().dump(json.load(open(sys.argv[1])), buf)\n"
              + "open(sys.argv[2],'w',encoding='utf-8').write(buf.getvalue())\n"
              + "json.dump(parse_yaml(buf.getvalue(), 'x'), open(sys.argv[3],'w'))\n",
          json.toString(),
          yaml.toString(),
          loaded.toString());
      String expected = Files.readString(yaml, UTF_8);
      YamlNode.YMap root = (YamlNode.YMap) YamlNode.fromPlain(dict);
      assertThat(YamlEmitter.emit(root, "", false)).as("seed " + seed).isEqualTo(expected);
      Object dvcReads =
          YamlNode.toPlain(YamlNode.fromPlain(JSON.readValue(loaded.toFile(), Map.class)));
      assertThat(YamlNode.toPlain(YamlDocument.parse(expected, false).root))
          .as("seed " + seed)
          .isEqualTo(dvcReads);
    }
  }

  @Test
  void update_existingFileWithCommentsAndUnknownFields_matchesDvcApplyDiff() throws Exception {
    String old =
        """
        # a comment before outs
        outs:
        - md5: acbd18db4cc2f85cedef654fccc4a4d8  # old hash
          size: 3
          path: foo
          desc: keep me
          x-extra: [1, 2]
        meta:
          owner: a
          drop: me
        """;
    Path oldFile = tmp.resolve("old.yaml");
    Files.writeString(oldFile, old);
    DvcFile parsed = DvcFile.parse(old, "foo.dvc");
    Output changed =
        parsed.outs().get(0).withData(Oid.parse("37b51d194a7513e45b56f6524f2d51f2"), 4, null);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("owner", "b");
    meta.put("added", Map.of("k", "v"));
    DvcFile updated = parsed.withOuts(List.of(changed)).withMeta(meta);

    Map<String, Object> outDict = new LinkedHashMap<>();
    outDict.put("md5", "37b51d194a7513e45b56f6524f2d51f2");
    outDict.put("size", 4);
    outDict.put("hash", "md5");
    outDict.put("path", "foo");
    outDict.put("desc", "keep me");
    outDict.put("x-extra", List.of(1, 2));
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put("outs", List.of(outDict));
    dict.put("meta", meta);
    Path json = tmp.resolve("new.json");
    Files.writeString(json, JSON.writeValueAsString(dict));

    String expected =
        python(
            "import io,json,sys\n"
                + "from dvc.utils.serialize._yaml import _get_yaml, parse_yaml_for_update\n"
                + "from dvc.utils.collections import apply_diff\n"
                + "saved=parse_yaml_for_update(open(sys.argv[1]).read(), 'x')\n"
                + "apply_diff(json.load(open(sys.argv[2])), saved)\n"
                + "buf=io.StringIO(); _get_yaml().dump(saved, buf); sys.stdout.write(buf.getvalue())\n",
            oldFile.toString(),
            json.toString());
    assertThat(updated.toText()).isEqualTo(expected);
  }

  @Test
  void config_dvcAndCairnWriteTheSameBytesAndReadEachOther() throws Exception {
    Path dvcDir = repo.resolve(".dvc");
    run(repo, dvc, "remote", "add", "-d", "myr", "../rem");
    run(repo, dvc, "remote", "modify", "myr", "jobs", "4");
    run(repo, dvc, "config", "cache.type", "hardlink,copy");
    run(repo, dvc, "remote", "add", "S3R", "s3://bucket/path");
    run(repo, dvc, "remote", "modify", "--local", "s3r", "profile", "ci");
    run(repo, dvc, "remote", "add", "sshr", "ssh://user@example.com/srv/dvc");
    run(repo, dvc, "remote", "modify", "--local", "sshr", "keyfile", "keys/id");

    Path ours = Files.createDirectories(tmp.resolve("ours/.dvc"));
    DvcConfig.setRemote(ours, Level.REPO, "myr", "../../rem");
    DvcConfig.setDefaultRemote(ours, Level.REPO, "myr");
    DvcConfig.setRemoteOption(ours, Level.REPO, "myr", "jobs", "4");
    DvcConfig.set(ours, Level.REPO, "cache", "type", "hardlink,copy");
    DvcConfig.setRemote(ours, Level.REPO, "S3R", "s3://bucket/path");
    DvcConfig.setRemoteOption(ours, Level.LOCAL, "s3r", "profile", "ci");
    DvcConfig.setRemote(ours, Level.REPO, "sshr", "ssh://user@example.com/srv/dvc");
    DvcConfig.setRemoteOption(ours, Level.LOCAL, "sshr", "keyfile", "../keys/id");
    for (String f : List.of("config", "config.local")) {
      assertThat(Files.readString(ours.resolve(f)))
          .as(f)
          .isEqualTo(Files.readString(dvcDir.resolve(f)));
    }

    DvcConfig config = DvcConfig.load(dvcDir);
    assertThat(config.remoteNames()).containsExactly("myr", "s3r", "sshr");
    RemoteConfig myr = config.defaultRemote();
    assertThat(myr.url()).isEqualTo(tmp.resolve("rem").toString());
    assertThat(myr.options()).containsEntry("jobs", "4");
    assertThat(config.remote("sshr").options().get("keyfile"))
        .isEqualTo(repo.resolve("keys/id").toString());
    assertThat(config.remote("s3r").options()).containsEntry("profile", "ci");
    assertThat(config.cacheTypes()).containsExactly("hardlink", "copy");

    // our writer, the real reader
    DvcConfig.setRemote(dvcDir, Level.REPO, "nas", "/mnt/nas/dvc store");
    DvcConfig.setRemoteOption(dvcDir, Level.REPO, "nas", "ssl_verify", "a#b, c");
    DvcConfig.setDefaultRemote(dvcDir, Level.REPO, "nas");
    DvcConfig.set(dvcDir, Level.LOCAL, "cache", "dir", "../shared cache");
    String list = run(repo, dvc, "remote", "list");
    assertThat(list).contains("nas").contains("/mnt/nas/dvc store").contains("(default)");
    String all = run(repo, dvc, "config", "-l");
    assertThat(all.lines())
        .contains(
            "remote.nas.url=/mnt/nas/dvc store",
            "remote.nas.ssl_verify=a#b, c",
            "core.remote=nas",
            "cache.dir=" + repo.resolve("shared cache"),
            "cache.type=hardlink,copy",
            "remote.s3r.profile=ci");
    assertThat(DvcConfig.load(dvcDir).cacheDir()).isEqualTo(repo.resolve("shared cache"));
  }

  @Test
  void dvcYaml_artifactsWeWrite_areReadByDvcAndStagesSurvive() throws Exception {
    Path dvcYaml = repo.resolve("dvc.yaml");
    String stages =
        "stages:\n"
            + "  train:\n"
            + "    cmd: python train.py  # trains\n"
            + "    deps:\n"
            + "      - train.py\n"
            + "    outs:\n"
            + "      - model.pt\n";
    Files.writeString(dvcYaml, stages);
    DvcYaml.read(dvcYaml)
        .withArtifact(
            "churn-model",
            new Artifact(
                "model.pt", "model", "Churn: yes/no", List.of("tabular", "yes"), Map.of("k", 1)))
        .withArtifact("churn-data", Artifact.of("data/churn", "dataset"))
        .write(dvcYaml);

    assertThat(Files.readString(dvcYaml)).startsWith(stages);
    assertThat(run(repo, dvc, "stage", "list")).contains("train");
    String read =
        python(
            "import json, dataclasses\n"
                + "from dvc.repo import Repo\n"
                + "arts = Repo('.').artifacts.read()['dvc.yaml']\n"
                + "print(json.dumps({k: dataclasses.asdict(v) for k, v in arts.items()}))\n");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put(
        "churn-model",
        Map.of(
            "path", "model.pt",
            "type", "model",
            "desc", "Churn: yes/no",
            "labels", List.of("tabular", "yes"),
            "meta", Map.of("k", 1)));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("path", "data/churn");
    data.put("type", "dataset");
    data.put("desc", null);
    data.put("labels", List.of());
    data.put("meta", Map.of());
    expected.put("churn-data", data);
    assertThat(JSON.readValue(read, Map.class))
        .isEqualTo(JSON.readValue(JSON.writeValueAsString(expected), Map.class));
    assertThat(
            DvcYaml.read(dvcYaml)
                .withoutArtifact("churn-data")
                .withoutArtifact("churn-model")
                .toText())
        .isEqualTo(stages);
  }

  private String python(String script, String... args) throws Exception {
    Path file = Files.createTempFile(tmp, "snippet", ".py");
    Files.writeString(file, script);
    List<String> command = new ArrayList<>();
    command.add(InteropTools.interopPython().toString());
    command.add(file.toString());
    command.addAll(List.of(args));
    return ProcessRunner.run(repo, command).assertOk().stdout();
  }

  private static String md5(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
  }
}
