using System.Xml;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Reads a yum/dnf repository's <c>updateinfo.xml</c> (createrepo_c's format: <c>&lt;updates&gt;&lt;update&gt;…</c>, as Amazon
/// Linux publishes it beside its packages) one <c>&lt;update&gt;</c> at a time. An update past a <see cref="FeedLimits"/>
/// bound (XML nodes, nesting, string length) is skipped with a warning; XML that is not well formed fails the file.
/// Only <c>type="security"</c> updates are read. DTDs are refused.
/// </summary>
internal static class UpdateInfoReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        MaxCharactersFromEntities = 0,
    };

    public static IEnumerable<AlasUpdate> Read(string path, string name, List<string> warnings, CancellationToken cancellationToken)
    {
        using var stream = CompressedFeedFile.Open(path);
        using var reader = XmlReader.Create(stream, Settings);
        while (true)
        {
            AlasUpdate? update = null;
            bool more;
            try
            {
                more = Next(reader, name, warnings, out update);
            }
            catch (XmlException e)
            {
                throw new FeedFormatException($"{name}: not well-formed updateinfo XML: {e.Message}");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ICSharpCode.SharpZipLib.SharpZipBaseException or ZstdSharp.ZstdException)
            {
                throw new FeedFormatException($"{name}: cannot be read: {e.Message}");
            }
            if (!more) yield break;
            cancellationToken.ThrowIfCancellationRequested();
            if (update is not null) yield return update;
        }
    }

    private static bool Next(XmlReader reader, string file, List<string> warnings, out AlasUpdate? update)
    {
        update = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "update") continue;
            var security = reader.GetAttribute("type") is null or "security";
            using var subtree = reader.ReadSubtree();
            try
            {
                var read = Update(subtree, file);
                if (security) update = read;
            }
            catch (FeedRecordException e)
            {
                warnings.Add(e.Message);
            }
            return true;
        }
        return false;
    }

    private static AlasUpdate? Update(XmlReader reader, string file)
    {
        string? id = null, title = null, severity = null, description = null, issued = null, updated = null;
        var references = new List<(string, string?, string?)>();
        var packages = new List<(string, string?, string, string)>();
        var items = 0;
        reader.Read();
        var read = true; // false when Text already moved the reader to the next node
        while (!read || reader.Read())
        {
            read = true;
            if (++items > FeedLimits.MaxItems) throw new FeedRecordException($"{file}: {id ?? "an update"}: more than {FeedLimits.MaxItems} XML nodes; record skipped");
            if (reader.Depth > FeedLimits.MaxNesting) throw new FeedRecordException($"{file}: {id ?? "an update"}: nesting deeper than {FeedLimits.MaxNesting}; record skipped");
            if (reader.NodeType != XmlNodeType.Element) continue;
            switch (reader.LocalName)
            {
                case "id": id = Text(reader, file); read = false; break;
                case "title": title = Text(reader, file); read = false; break;
                case "severity": severity = Text(reader, file); read = false; break;
                case "description": description = Text(reader, file); read = false; break;
                case "issued": issued = reader.GetAttribute("date"); break;
                case "updated": updated = reader.GetAttribute("date"); break;
                case "reference" when reader.GetAttribute("id") is { } refId:
                    references.Add((refId, reader.GetAttribute("type"), reader.GetAttribute("href")));
                    break;
                case "package" when reader.GetAttribute("name") is { } pkg && reader.GetAttribute("version") is { } version:
                    packages.Add((pkg, reader.GetAttribute("epoch"), version, reader.GetAttribute("release") ?? ""));
                    break;
            }
        }
        if (id is null) throw new FeedRecordException($"{file}: an update without <id>; record skipped");
        return new AlasUpdate
        {
            Id = id, Title = title, Severity = severity, Description = description, Issued = issued, Updated = updated,
            References = references, Packages = packages,
        };
    }

    private static string? Text(XmlReader reader, string file)
    {
        var text = reader.ReadElementContentAsString();
        if (text.Length > FeedLimits.MaxStringBytes)
            throw new FeedRecordException($"{file}: a string over {FeedLimits.MaxStringBytes >> 10} KiB; record skipped");
        return text.Trim() is { Length: > 0 } t ? t : null;
    }
}
