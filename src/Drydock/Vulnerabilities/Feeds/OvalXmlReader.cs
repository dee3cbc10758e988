using System.Xml;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Reads an OVAL 5 definitions document (Oracle's ELSA OVAL, Microsoft's Azure Linux / CBL-Mariner OVAL) without
/// holding it: <see cref="ReadDefinitions"/> yields one <see cref="OvalDefinition"/> at a time, and
/// <see cref="ReadTests"/> (a separate pass, for feeds whose criteria must be resolved through tests, objects and
/// states) keeps only the small id tables. A definition past a <see cref="FeedLimits"/> bound (items, nesting, string
/// length) is skipped with a warning; XML that is not well formed fails the file (<see cref="FeedFormatException"/>).
/// DTDs are refused and no external entity is ever resolved. bzip2 (Oracle's publication), gzip and zstd are
/// decompressed on the fly (<see cref="CompressedFeedFile"/>).
/// </summary>
internal static class OvalXmlReader
{
    /// <summary>Most tests + objects + states one document may hold (Mariner 2.0's real document has about 60,000).</summary>
    public const int MaxTableEntries = 4_000_000;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersFromEntities = 0,
    };

    /// <summary>Every <c>rpminfo_test</c>, <c>rpminfo_object</c> and <c>rpminfo_state</c> of the document.</summary>
    public static OvalTests ReadTests(string path, string name, CancellationToken cancellationToken)
    {
        var tables = new OvalTests();
        Guarded(name, () =>
        {
            using var stream = CompressedFeedFile.Open(path);
            using var reader = XmlReader.Create(stream, Settings);
            string? test = null, obj = null, state = null;
            var read = true; // false when the last step already moved the reader (ReadElementContentAsString, Skip)
            while (!read || reader.Read())
            {
                read = true;
                if (reader.NodeType != XmlNodeType.Element) continue;
                switch (reader.LocalName)
                {
                    case "definitions":
                        reader.Skip();
                        read = false;
                        cancellationToken.ThrowIfCancellationRequested();
                        break;
                    case "rpminfo_test":
                        test = reader.GetAttribute("id");
                        if (test is not null) tables.Tests[test] = (null, null);
                        break;
                    case "object" when test is not null && reader.GetAttribute("object_ref") is { } objectRef:
                        tables.Tests[test] = (objectRef, tables.Tests[test].State);
                        break;
                    case "state" when test is not null && reader.GetAttribute("state_ref") is { } stateRef:
                        tables.Tests[test] = (tables.Tests[test].Object, stateRef);
                        break;
                    case "rpminfo_object":
                        obj = reader.GetAttribute("id");
                        break;
                    case "name" when obj is not null:
                        tables.Objects[obj] = Bounded(reader.ReadElementContentAsString(), name).Trim();
                        (obj, read) = (null, false);
                        break;
                    case "rpminfo_state":
                        state = reader.GetAttribute("id");
                        break;
                    case "evr" when state is not null:
                        var operation = reader.GetAttribute("operation") ?? "equals";
                        tables.States[state] = (operation, Bounded(reader.ReadElementContentAsString(), name).Trim());
                        (state, read) = (null, false);
                        break;
                }
                if (tables.Count > MaxTableEntries)
                    throw new FeedFormatException($"{name}: more than {MaxTableEntries} OVAL tests, objects and states");
            }
        });
        return tables;
    }

    /// <summary>The document's definitions, one at a time; a definition over a bound is a warning and is skipped.</summary>
    public static IEnumerable<OvalDefinition> ReadDefinitions(string path, string name, List<string> warnings, CancellationToken cancellationToken)
    {
        using var stream = CompressedFeedFile.Open(path);
        using var reader = XmlReader.Create(stream, Settings);
        while (true)
        {
            OvalDefinition? definition = null;
            var more = Guarded(name, () =>
            {
                while (reader.Read())
                {
                    if (reader.NodeType != XmlNodeType.Element) continue;
                    if (reader.LocalName is "tests" or "objects" or "states" or "variables")
                    {
                        reader.Skip();
                        continue;
                    }
                    if (reader.LocalName != "definition") continue;
                    var id = reader.GetAttribute("id") ?? "?";
                    using var subtree = reader.ReadSubtree();
                    try
                    {
                        definition = Definition(subtree, id, name);
                    }
                    catch (FeedRecordException e)
                    {
                        warnings.Add(e.Message);
                    }
                    return true;
                }
                return false;
            });
            if (!more) yield break;
            cancellationToken.ThrowIfCancellationRequested();
            if (definition is not null) yield return definition;
        }
    }

    private static OvalDefinition Definition(XmlReader reader, string id, string file)
    {
        string? title = null, description = null, severity = null, issued = null, patchable = null;
        var references = new List<OvalReference>();
        var platforms = new List<string>();
        var stack = new Stack<(string? Operator, List<OvalCriteria> Criterias, List<OvalCriterion> Criterions)>();
        OvalCriteria? root = null;
        var items = 0;
        reader.Read(); // the definition element itself
        var read = true; // false when Text already moved the reader to the next node
        while (!read || reader.Read())
        {
            read = true;
            if (++items > FeedLimits.MaxItems) throw new FeedRecordException($"{file}: {id}: more than {FeedLimits.MaxItems} XML nodes; record skipped");
            if (reader.Depth > FeedLimits.MaxNesting) throw new FeedRecordException($"{file}: {id}: nesting deeper than {FeedLimits.MaxNesting}; record skipped");
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "criteria")
            {
                var (op, criterias, criterions) = stack.Pop();
                var done = new OvalCriteria(op, criterias, criterions);
                if (stack.Count == 0) root = done;
                else stack.Peek().Criterias.Add(done);
                continue;
            }
            if (reader.NodeType != XmlNodeType.Element) continue;
            switch (reader.LocalName)
            {
                case "title": title = Text(reader, file, id); read = false; break;
                case "description": description = Text(reader, file, id); read = false; break;
                case "severity": severity = Text(reader, file, id); read = false; break;
                case "patchable": patchable = Text(reader, file, id); read = false; break;
                case "advisory_date": issued ??= Text(reader, file, id); read = false; break;
                case "issued": issued = reader.GetAttribute("date"); break;
                case "platform": platforms.Add(Text(reader, file, id) ?? ""); read = false; break;
                case "reference" when reader.GetAttribute("ref_id") is { } refId:
                    references.Add(new OvalReference(reader.GetAttribute("source"), refId.Trim(), reader.GetAttribute("ref_url")));
                    break;
                case "criteria":
                    var criteria = (reader.GetAttribute("operator"), new List<OvalCriteria>(), new List<OvalCriterion>());
                    if (reader.IsEmptyElement)
                    {
                        var empty = new OvalCriteria(criteria.Item1, [], []);
                        if (stack.Count == 0) root = empty;
                        else stack.Peek().Criterias.Add(empty);
                    }
                    else stack.Push(criteria);
                    break;
                case "criterion" when stack.Count > 0:
                    stack.Peek().Criterions.Add(new OvalCriterion(reader.GetAttribute("test_ref"), reader.GetAttribute("comment")));
                    break;
            }
        }
        return new OvalDefinition
        {
            Id = id, Title = title, Description = description, Severity = severity, Issued = issued, Patchable = patchable,
            References = references, Platforms = platforms, Criteria = root,
        };
    }

    private static string? Text(XmlReader reader, string file, string id)
    {
        var text = reader.ReadElementContentAsString();
        if (text.Length > FeedLimits.MaxStringBytes)
            throw new FeedRecordException($"{file}: {id}: a string over {FeedLimits.MaxStringBytes >> 10} KiB; record skipped");
        return text.Trim() is { Length: > 0 } t ? t : null;
    }

    private static string Bounded(string text, string file) =>
        text.Length <= FeedLimits.MaxStringBytes ? text : throw new FeedFormatException($"{file}: a string over {FeedLimits.MaxStringBytes >> 10} KiB outside any definition");

    private static T Guarded<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (XmlException e)
        {
            throw new FeedFormatException($"{file}: not well-formed OVAL XML: {e.Message}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ICSharpCode.SharpZipLib.SharpZipBaseException or ZstdSharp.ZstdException)
        {
            throw new FeedFormatException($"{file}: cannot be read: {e.Message}");
        }
    }

    private static void Guarded(string file, Action read) => Guarded(file, () => { read(); return 0; });
}
