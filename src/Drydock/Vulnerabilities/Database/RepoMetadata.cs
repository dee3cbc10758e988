using System.Xml;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Finds a metadata file of a yum/dnf repository: <c>&lt;base&gt;/repodata/repomd.xml</c> lists each file as
/// <c>&lt;data type="updateinfo"&gt;&lt;location href="repodata/…-updateinfo.xml.gz"/&gt;</c> (createrepo_c's repomd format);
/// the href is resolved against the base. A repomd without the type, or an href that leaves the repository, fails the feed.
/// </summary>
internal static class RepoMetadata
{
    private const long MaxRepomdBytes = 1 << 20;

    public static async Task<Uri> LocateAsync(HttpClient http, string feed, Uri repositoryBase, string type, CancellationToken cancellationToken)
    {
        var root = repositoryBase.AbsoluteUri.EndsWith('/') ? repositoryBase : new Uri(repositoryBase.AbsoluteUri + "/");
        var repomd = new Uri(root, "repodata/repomd.xml");
        try
        {
            using var response = await http.GetAsync(repomd, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode) throw new DrydockException($"feed {feed}: {repomd} answered HTTP {(int)response.StatusCode}");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var bounded = new MemoryStream();
            var buffer = new byte[1 << 14];
            int n;
            while ((n = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (bounded.Length + n > MaxRepomdBytes) throw new DrydockException($"feed {feed}: {repomd} is over {MaxRepomdBytes >> 20} MiB");
                bounded.Write(buffer, 0, n);
            }
            bounded.Position = 0;
            var href = Find(bounded, type) ?? throw new DrydockException($"feed {feed}: {repomd} names no {type} file");
            if (href.Contains("..", StringComparison.Ordinal) || href.Contains("://", StringComparison.Ordinal) || href.StartsWith('/'))
                throw new DrydockException($"feed {feed}: {repomd} names {type} outside the repository: {href}");
            return new Uri(root, href);
        }
        catch (HttpRequestException e)
        {
            throw new DrydockException($"feed {feed}: {repomd}: {e.Message}", inner: e);
        }
        catch (XmlException e)
        {
            throw new DrydockException($"feed {feed}: {repomd} is not well-formed XML: {e.Message}", inner: e);
        }
    }

    private static string? Find(Stream repomd, string type)
    {
        using var reader = XmlReader.Create(repomd, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var inType = false;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.LocalName == "data") inType = reader.GetAttribute("type") == type;
            else if (inType && reader.LocalName == "location") return reader.GetAttribute("href");
        }
        return null;
    }
}
