using System.Text.Json.Nodes;

namespace Ambient.Testing.Kubernetes;

/// <summary>
/// RFC 7386 JSON merge patch (https://www.rfc-editor.org/rfc/rfc7386): objects merge key by key, null removes a key,
/// anything else replaces. A strategic merge patch of maps and scalars (annotations, replicas) behaves the same; only
/// its list merging differs, which the fake does not need.
/// </summary>
internal static class JsonMergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject)
            {
                if (target[key] is not JsonObject targetObject)
                {
                    targetObject = [];
                    target[key] = targetObject;
                }

                Apply(targetObject, patchObject);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
