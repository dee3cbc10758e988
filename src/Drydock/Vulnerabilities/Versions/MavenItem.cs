using System.Globalization;

namespace Drydock.Vulnerabilities.Versions;

/// <summary>One item of a Maven ComparableVersion: a number, a qualifier string, or a list of items.</summary>
internal abstract class MavenItem
{
    private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
    private static readonly string ReleaseIndex = "5";

    public abstract bool IsNull { get; }

    /// <summary>Compares to another item, or (null) to the absent item that a shorter list is padded with.</summary>
    public abstract int CompareTo(MavenItem? other);

    /// <summary>ComparableVersion.parseVersion: lower-cased, then cut into a tree of lists.</summary>
    public static MavenList Parse(string version)
    {
        var v = version.Trim().ToLowerInvariant();
        var list = new MavenList();
        var root = list;
        var stack = new Stack<MavenList>();
        stack.Push(list);
        var isDigit = false;
        var start = 0;
        for (var i = 0; i < v.Length; i++)
        {
            var c = v[i];
            if (c is '.' or '-')
            {
                list.Items.Add(i == start ? MavenInt.Zero : Item(isDigit, v[start..i], false));
                start = i + 1;
                if (c == '-') list = Open(list, stack);
            }
            else if (char.IsAsciiDigit(c))
            {
                if (!isDigit && i > start)
                {
                    // "1.0.0.X1" < "1.0.0-X2": a qualifier directly followed by a number opens a sub-list, as '-' does.
                    if (list.Items.Count > 0) list = Open(list, stack);
                    list.Items.Add(new MavenString(v[start..i], followedByDigit: true));
                    start = i;
                    list = Open(list, stack);
                }
                isDigit = true;
            }
            else
            {
                if (isDigit && i > start)
                {
                    list.Items.Add(Item(true, v[start..i], false));
                    start = i;
                    list = Open(list, stack);
                }
                isDigit = false;
            }
        }
        if (v.Length > start)
        {
            // Treat ".X" as "-X" for a trailing qualifier X.
            if (!isDigit && list.Items.Count > 0) list = Open(list, stack);
            list.Items.Add(Item(isDigit, v[start..], false));
        }
        while (stack.Count > 0) stack.Pop().Normalize();
        return root;
    }

    private static MavenList Open(MavenList parent, Stack<MavenList> stack)
    {
        var child = new MavenList();
        parent.Items.Add(child);
        stack.Push(child);
        return child;
    }

    private static MavenItem Item(bool isDigit, string text, bool followedByDigit) =>
        isDigit ? new MavenInt(text.TrimStart('0')) : new MavenString(text, followedByDigit);

    private sealed class MavenInt(string digits) : MavenItem
    {
        public static readonly MavenInt Zero = new("");

        private readonly string _digits = digits; // no leading zeros; "" is 0

        public override bool IsNull => _digits.Length == 0;

        public override int CompareTo(MavenItem? other) => other switch
        {
            null => IsNull ? 0 : 1,
            MavenInt i => _digits.Length != i._digits.Length
                ? (_digits.Length < i._digits.Length ? -1 : 1)
                : Math.Sign(string.CompareOrdinal(_digits, i._digits)),
            _ => 1, // a number is newer than a qualifier or a sub-list
        };
    }

    private sealed class MavenString : MavenItem
    {
        private readonly string _value;

        public MavenString(string value, bool followedByDigit)
        {
            if (followedByDigit && value.Length == 1)
            {
                // "1a1" is "1-alpha-1", "1b2" "1-beta-2", "1m3" "1-milestone-3".
                value = value[0] switch { 'a' => "alpha", 'b' => "beta", 'm' => "milestone", _ => value };
            }
            _value = value switch { "ga" or "final" or "release" => "", "cr" => "rc", _ => value };
        }

        public override bool IsNull => _value.Length == 0;

        public override int CompareTo(MavenItem? other) => other switch
        {
            null => Math.Sign(string.CompareOrdinal(Comparable(_value), ReleaseIndex)),
            MavenString s => Math.Sign(string.CompareOrdinal(Comparable(_value), Comparable(s._value))),
            _ => -1, // a qualifier is older than a number or a sub-list
        };

        // Known qualifiers by index; unknown ones after all of them, alphabetically ("7-xyz").
        private static string Comparable(string q)
        {
            var i = Array.IndexOf(Qualifiers, q);
            return i >= 0 ? i.ToString(CultureInfo.InvariantCulture) : Qualifiers.Length + "-" + q;
        }
    }

    internal sealed class MavenList : MavenItem
    {
        public List<MavenItem> Items { get; } = [];

        public override bool IsNull => Items.Count == 0;

        /// <summary>Drops trailing null items (stopping at a non-null non-list item).</summary>
        public void Normalize()
        {
            for (var i = Items.Count - 1; i >= 0; i--)
            {
                if (Items[i].IsNull) Items.RemoveAt(i);
                else if (Items[i] is not MavenList) break;
            }
        }

        public override int CompareTo(MavenItem? other)
        {
            switch (other)
            {
                case null:
                    // MNG-6964: the whole list is compared with null, not just its first item ("1-0.3" > "1").
                    foreach (var item in Items)
                    {
                        var r = item.CompareTo(null);
                        if (r != 0) return r;
                    }
                    return 0;
                case MavenInt:
                    return -1;
                case MavenString:
                    return 1;
            }
            var right = ((MavenList)other).Items;
            for (var i = 0; i < Math.Max(Items.Count, right.Count); i++)
            {
                var l = i < Items.Count ? Items[i] : null;
                var r = i < right.Count ? right[i] : null;
                var result = l is null ? (r is null ? 0 : -r.CompareTo(null)) : l.CompareTo(r);
                if (result != 0) return result;
            }
            return 0;
        }
    }
}
