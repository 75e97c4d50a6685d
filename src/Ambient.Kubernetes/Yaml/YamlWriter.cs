using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ambient.Kubernetes.Yaml;

/// <summary>
/// Writes JSON trees as multi-document block YAML that the API server reads back as the same JSON: a string that a YAML
/// 1.1 reader (sigs.k8s.io/yaml) would type as a number, boolean, null or time is double-quoted, multi-line text is a literal block.
/// </summary>
public static partial class YamlWriter
{
    /// <summary>Each document after <c>---</c>, in order.</summary>
    public static string Write(IEnumerable<JsonNode> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        using var text = new StringWriter();
        // No folding of long lines: a prompt or a rule's template stays one line, as written.
        var emitter = new Emitter(text, new EmitterSettings().WithBestWidth(int.MaxValue));
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            Emit(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Block));
                foreach (var (key, value) in map)
                {
                    emitter.Emit(String(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));
                foreach (var item in list)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(String(value.GetValue<string>()));
                break;
            case null:
                emitter.Emit(Plain("null"));
                break;
            default:
                emitter.Emit(Plain(node.ToJsonString()));
                break;
        }
    }

    private static Scalar String(string text) => text switch
    {
        _ when text.Contains('\n', StringComparison.Ordinal) => new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Literal, true, true),
        _ when text.Length == 0 || ReadAsOtherType().IsMatch(text) => new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.DoubleQuoted, true, true),
        _ => new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Any, true, true),
    };

    private static Scalar Plain(string text) => new(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false);

    // Numbers (with YAML 1.1's underscores, bases and sexagesimals such as 00:01:05), booleans and nulls of YAML 1.1 and 1.2, dates.
    [GeneratedRegex(@"^(?:[-+]?[0-9_.]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o[0-7]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|(?i:y|n|yes|no|true|false|on|off|null)|~|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$")]
    private static partial Regex ReadAsOtherType();
}
