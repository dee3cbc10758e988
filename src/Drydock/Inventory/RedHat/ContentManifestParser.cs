using System.Text.Json;

namespace Drydock.Inventory.RedHat;

/// <summary>
/// Parses a Red Hat image content manifest (<c>root/buildinfo/content_manifests/*.json</c>, the "ICM" format that
/// Red Hat's build system writes into each layer that adds content):
/// <c>{"metadata":{"icm_version":1,"icm_spec":"…","image_layer_index":N},"content_sets":["rhel-8-for-x86_64-baseos-rpms",…],"image_contents":[…]}</c>.
/// Only <c>content_sets</c> (the repository ids the layer's rpms were installed from) and the layer index are read;
/// <c>image_contents</c> (source repositories, purls) is not needed to scope Red Hat's data and is skipped.
/// </summary>
internal static class ContentManifestParser
{
    /// <summary>The manifest, or <see cref="InvalidDataException"/> when it is not JSON or its fields have the wrong types.</summary>
    public static ContentManifest Parse(Stream stream)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("not a valid content manifest: " + e.Message, e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            // The ICM v1 JSON schema (atomic-reactor schemas/content_manifest.json) allows a null document.
            if (root.ValueKind == JsonValueKind.Null) return new ContentManifest([], null);
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("not a valid content manifest: the top level is not an object");
            var sets = new List<string>();
            if (root.TryGetProperty("content_sets", out var contentSets) && contentSets.ValueKind != JsonValueKind.Null)
            {
                if (contentSets.ValueKind != JsonValueKind.Array) throw new InvalidDataException("not a valid content manifest: content_sets is not an array");
                foreach (var set in contentSets.EnumerateArray())
                {
                    if (set.ValueKind != JsonValueKind.String) throw new InvalidDataException("not a valid content manifest: a content set is not a string");
                    if (set.GetString() is { Length: > 0 } s) sets.Add(s);
                }
            }
            int? layerIndex = root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("image_layer_index", out var index) && index.ValueKind == JsonValueKind.Number && index.TryGetInt32(out var i) ? i : null;
            return new ContentManifest(sets, layerIndex);
        }
    }
}

/// <summary>One content manifest: its content sets and the <c>image_layer_index</c> it declares (null when absent).</summary>
internal sealed record ContentManifest(IReadOnlyList<string> ContentSets, int? ImageLayerIndex);
