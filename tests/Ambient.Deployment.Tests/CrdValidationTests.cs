using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Manifests;
using Ambient.Deployment.Tests.OpenApi;

namespace Ambient.Deployment.Tests;

/// <summary>Every Strimzi and KEDA resource we ship validates against the real CRD schema; broken copies of them do not.</summary>
public sealed class CrdValidationTests
{
    private static readonly string[] s_customGroups = ["kafka.strimzi.io/", "keda.sh/"];

    [Fact]
    public void CustomResources_ValidateAgainstTheirCrdSchemas()
    {
        var crds = LoadCrds();
        var validator = new OpenApiV3Validator();
        var custom = ManifestSet.All.Where(r => s_customGroups.Any(g => r.ApiVersion.StartsWith(g, StringComparison.Ordinal))).ToList();

        var failures = custom.SelectMany(resource => crds.For(resource.ApiVersion, resource.Kind) is { } schema
            ? validator.Validate(resource.Body, schema).Select(error => $"{resource}: {error}")
            : [$"{resource}: no served CRD version {resource.ApiVersion} kind {resource.Kind} in shared/specs"]).ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(["Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "ScaledObject", "TriggerAuthentication"], custom.Select(r => r.Kind).Distinct().Order());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{custom.Count} custom resources valid; {validator.SkippedCelRules} CEL rules (x-kubernetes-validations) met on the way were not evaluated.");
    }

    public static TheoryData<string, string, string, string> Breakages => new()
    {
        { "KafkaTopic", "ambient.checkpoints", "spec.partitions=0", "is below the minimum 1" },
        { "KafkaTopic", "ambient.audit", "spec.partitionz=3", "spec.partitionz: unknown field" },
        { "KafkaUser", "ambient-gateway", "spec.authentication.type=scram-sha-256", "is not one of" },
        { "KafkaUser", "ambient-operator", "spec.authorization.acls[0].operations[0]=Reed", "is not one of" },
        { "Kafka", "ambient", "spec.kafka.listeners[0].name=TLS-Listener", "does not match pattern" },
        { "KafkaNodePool", "broker", "spec.roles=-", "missing required field \"roles\"" },
        { "ScaledObject", "ambient-worker-github-triage", "spec.scaleTargetRef=-", "missing required field \"scaleTargetRef\"" },
        { "ScaledObject", "ambient-worker-github-triage", "spec.triggers[0].metadata.lagThreshold=#20", "must be string, not integer" },
        { "ScaledObject", "ambient-worker-slack-helper", "spec.minReplicaCount=-1", "is below the minimum 0" },
        { "TriggerAuthentication", "ambient-worker-github-triage-kafka", "spec.secretTargetRef[0].key=-", "missing required field \"key\"" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void BrokenCopyOfShippedResource_FailsValidation(string kind, string name, string change, string expectedError)
    {
        var crds = LoadCrds();
        var resource = ManifestSet.OfKind(kind).First(r => r.Name == name);
        var broken = Apply((JsonObject)resource.Body.DeepClone(), change);

        var errors = new OpenApiV3Validator().Validate(broken, crds.For(resource.ApiVersion, kind)!);

        Assert.Contains(errors, e => e.Contains(expectedError, StringComparison.Ordinal));
    }

    private static CrdSchemas LoadCrds() =>
        CrdSchemas.Load(RepositoryFiles.RequireSharedSpecs("strimzi"), RepositoryFiles.RequireSharedSpecs("keda"));

    /// <summary>Applies <c>path=value</c>: <c>-</c> removes the field, <c>#n</c> sets an integer, anything else a string or integer as it parses.</summary>
    private static JsonObject Apply(JsonObject root, string change)
    {
        var (path, value) = (change[..change.IndexOf('=', StringComparison.Ordinal)], change[(change.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var segments = path.Split('.');
        JsonNode parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = Step(parent, segment);
        }

        var last = segments[^1];
        JsonNode? replacement = value switch
        {
            "-" => null,
            _ when value.StartsWith('#') => JsonValue.Create(long.Parse(value[1..], System.Globalization.CultureInfo.InvariantCulture)),
            _ when long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
        if (last.EndsWith(']'))
        {
            var (field, index) = Indexed(last);
            parent[field]![index] = replacement;
        }
        else if (replacement is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = replacement;
        }

        return root;
    }

    private static JsonNode Step(JsonNode node, string segment)
    {
        if (!segment.EndsWith(']'))
        {
            return node[segment]!;
        }

        var (field, index) = Indexed(segment);
        return node[field]![index]!;
    }

    private static (string Field, int Index) Indexed(string segment)
    {
        var open = segment.IndexOf('[', StringComparison.Ordinal);
        return (segment[..open], int.Parse(segment[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
