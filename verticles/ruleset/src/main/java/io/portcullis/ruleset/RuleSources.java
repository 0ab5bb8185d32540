package io.portcullis.ruleset;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.portcullis.config.LoadedConfig;
import io.portcullis.config.RuleRepository;
import io.portcullis.pipeline.PipelineCompiler;
import io.portcullis.rules.AccessRule;
import io.portcullis.rules.RuleException;
import io.portcullis.rules.RuleProblem;
import io.portcullis.rules.parse.RuleParser;
import io.portcullis.ruleset.source.ConfigMapRuleSource;
import io.portcullis.ruleset.source.FileRuleSource;
import io.portcullis.ruleset.source.HttpRuleSource;
import io.portcullis.ruleset.source.InlineRuleSource;
import io.portcullis.ruleset.source.RuleCheck;
import io.portcullis.ruleset.source.RuleDocument;
import io.portcullis.ruleset.source.RuleResourceSource;
import io.portcullis.ruleset.source.RuleSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every source named by {@code access_rules.repositories} (the forms of {@link RuleRepository}), read together into
 * one snapshot. The Kubernetes client, made only when a Kubernetes source is named, configures itself as
 * fabric8's does: in a pod from its service account, elsewhere from {@code KUBECONFIG} or {@code ~/.kube/config}.
 * Blocking: read and close on a worker.
 */
public final class RuleSources implements AutoCloseable {
  private final List<RuleSource> sources = new ArrayList<>();
  private KubernetesClient kubernetes;

  /** @param check validates a single document, for sources that report per object (Rule resources) */
  public RuleSources(LoadedConfig loaded, RuleCheck check) {
    this(loaded, check, () -> new KubernetesClientBuilder().build());
  }

  RuleSources(LoadedConfig loaded, RuleCheck check, Supplier<KubernetesClient> kubernetesClient) {
    HttpClient http = null;
    List<String> repositories = loaded.config().accessRules().repositories();
    for (int i = 0; i < repositories.size(); i++) {
      String path = "access_rules.repositories[" + i + "]";
      RuleRepository repo = RuleRepository.parse(path, repositories.get(i));
      sources.add(switch (repo.kind()) {
        case FILE -> new FileRuleSource(repo.location(), toPath(loaded, repo.location()));
        case HTTP -> new HttpRuleSource(repo.location(), http = http == null ? HttpRuleSource.newClient() : http);
        case INLINE -> new InlineRuleSource(repo.location(), path + " (inline)");
        case CONFIGMAP -> new ConfigMapRuleSource(repo.location(), kubernetes(kubernetesClient), repo.namespace(),
            repo.name());
        case RULES -> new RuleResourceSource(repo.location(), kubernetes(kubernetesClient), repo.namespace(), check);
      });
    }
  }

  private KubernetesClient kubernetes(Supplier<KubernetesClient> client) {
    kubernetes = kubernetes == null ? client.get() : kubernetes;
    return kubernetes;
  }

  static Path toPath(LoadedConfig loaded, String repository) {
    if (repository.startsWith("file://")) {
      URI uri = URI.create(repository);
      // file:///abs/path is absolute; file://relative/path (authority + path) is taken relative to the config file.
      String path = uri.getAuthority() == null ? uri.getPath() : uri.getAuthority() + uri.getPath();
      return loaded.resolve(path);
    }
    return loaded.resolve(repository);
  }

  /** A check that parses one document and compiles it against the configured handlers. */
  public static RuleCheck checkWith(PipelineCompiler compiler) {
    return document -> {
      try {
        compiler.compile(RuleParser.parse(document.name(), document.content()), 0, "");
        return List.of();
      } catch (RuleException e) {
        return e.problems();
      }
    };
  }

  /** The repositories as configured (inline ones by their position), for messages and the published set. */
  public List<String> locations() {
    return sources.stream().map(RuleSource::location).toList();
  }

  /** {@code listener} runs (on any thread) when a watching source changed. */
  public void onChange(Runnable listener) {
    sources.forEach(s -> s.onChange(listener));
  }

  /**
   * A snapshot of every document, read once so parsing and hashing agree.
   *
   * @param degraded why some sources gave their last good documents rather than their current ones
   */
  public record Snapshot(List<RuleDocument> documents, String digest, List<String> degraded) {
  }

  /** Reads every source; the problems of all sources that cannot give any documents are thrown together. */
  public Snapshot read() throws RuleException {
    List<RuleDocument> documents = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    for (RuleSource source : sources) {
      try {
        documents.addAll(source.read());
      } catch (RuleException e) {
        problems.addAll(e.problems());
      }
      String why = source.degraded();
      if (why != null) {
        degraded.add(why);
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleException(problems);
    }
    MessageDigest digest = sha256();
    for (RuleDocument d : documents) {
      digest.update(d.name().getBytes(StandardCharsets.UTF_8));
      digest.update(d.content().getBytes(StandardCharsets.UTF_8));
    }
    return new Snapshot(documents, HexFormat.of().formatHex(digest.digest()), degraded);
  }

  /** Parses every document of a snapshot; problems of all documents are reported together. */
  public static List<AccessRule> parse(Snapshot snapshot) throws RuleException {
    List<AccessRule> rules = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    for (RuleDocument d : snapshot.documents()) {
      try {
        rules.addAll(RuleParser.parse(d.name(), d.content()));
      } catch (RuleException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleException(problems);
    }
    return rules;
  }

  @Override
  public void close() {
    sources.forEach(RuleSource::close);
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
