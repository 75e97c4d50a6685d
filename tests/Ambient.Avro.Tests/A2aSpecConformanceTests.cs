using System.Text.RegularExpressions;
using Ambient.Avro.Schemas;
using Avro;

namespace Ambient.Avro.Tests;

/// <summary>The A2A schemas carry every field and enum symbol of the A2A v1 proto in <c>shared/specs/a2a/a2a.proto</c>.</summary>
public sealed partial class A2aSpecConformanceTests
{
    public static TheoryData<string, string> MessagesAndSchemas => new()
    {
        { "Part", "Part" },
        { "Message", "Message" },
        { "Task", "Task" },
        { "TaskStatus", "Task" },
        { "Artifact", "Artifact" },
        { "TaskStatusUpdateEvent", "TaskStatusUpdateEvent" },
        { "TaskArtifactUpdateEvent", "TaskArtifactUpdateEvent" },
        { "AgentCard", "AgentCard" },
        { "AgentInterface", "AgentCard" },
        { "AgentProvider", "AgentCard" },
        { "AgentCapabilities", "AgentCard" },
        { "AgentExtension", "AgentCard" },
        { "AgentSkill", "AgentCard" },
    };

    [Theory]
    [MemberData(nameof(MessagesAndSchemas))]
    public void Schema_HasEveryFieldOfTheProtoMessage_InProtoJsonCamelCase(string message, string file)
    {
        var proto = Proto();
        var record = SchemaTypes.Find<RecordSchema>(AmbientSchemas.Get(file), message);

        var fields = ProtoFields(proto, message).Select(CamelCase).ToList();
        var missing = fields.Where(field => !record.TryGetField(field, out _)).ToList();

        Assert.NotEmpty(fields);
        Assert.True(missing.Count == 0, $"{record.Fullname} lacks A2A {message} fields: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("TaskState")]
    [InlineData("Role")]
    public void Enum_HasTheProtoSymbolsInOrder(string name)
    {
        var proto = Proto();
        var symbols = EnumValue().Matches(Body(proto, "enum", name)).Select(match => match.Groups[1].Value);

        Assert.Equal(symbols, SchemaTypes.Find<EnumSchema>(AmbientSchemas.Get("Task"), name).Symbols);
    }

    private static string Proto()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "specs", "a2a", "a2a.proto");
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }

        Assert.Skip("shared/specs/a2a/a2a.proto is not beside or above the checkout, so the A2A schemas cannot be checked against the spec.");
        return "";
    }

    private static IEnumerable<string> ProtoFields(string proto, string message) =>
        Body(proto, "message", message).Split('\n')
            .Select(line => ProtoField().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value);

    // The text between a definition's braces, nested braces (oneof) included.
    private static string Body(string proto, string kind, string name)
    {
        var start = Regex.Match(proto, $@"^{kind} {name} \{{", RegexOptions.Multiline);
        Assert.True(start.Success, $"a2a.proto has no {kind} {name}.");
        var depth = 0;
        for (var i = start.Index + start.Length - 1; i < proto.Length; i++)
        {
            depth += proto[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return proto[(start.Index + start.Length)..i];
            }
        }

        throw new InvalidOperationException($"{kind} {name} is not closed in a2a.proto.");
    }

    private static string CamelCase(string snake) =>
        string.Concat(snake.Split('_').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    [GeneratedRegex(@"^\s*(?:optional\s+|repeated\s+)?(?:map<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*\d+")]
    private static partial Regex ProtoField();

    [GeneratedRegex(@"^\s*([A-Z_]+)\s*=\s*\d+;", RegexOptions.Multiline)]
    private static partial Regex EnumValue();
}
