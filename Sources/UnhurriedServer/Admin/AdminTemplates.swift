import Mustache

/// The admin page's templates, compiled into the binary so `serve` renders them from any directory. `{{…}}` escapes
/// for HTML; only the server-drawn charts go in unescaped (`{{{svg}}}`), and they escape their own text.
enum AdminTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("layout", layout), ("login", login), ("overview", overview), ("what-if", whatIf)] {
            // The templates are constants of this file: one that does not parse is a programming error.
            try! library.register(text, named: name)
        }
        return library
    }()

    static func render(_ page: Any, _ name: String) -> String {
        guard let html = library.render(page, withTemplate: name) else { preconditionFailure("no admin template named \(name)") }
        return html
    }

    private static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}Unhurried admin{{/title}}</title>
        <style>
        :root { color-scheme: light dark; --accent: #2a6f97; --muted: #6b7280; --line: #d1d5db; }
        body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; padding: 0 1rem 3rem; max-width: 72rem; margin-inline: auto; }
        header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; border-bottom: 1px solid var(--line); padding: .75rem 0; }
        header h1 { font-size: 1.2rem; margin: 0; }
        nav { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
        nav form { margin: 0; }
        a { color: var(--accent); }
        a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, summary:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: .5rem; background: Canvas; padding: .25rem .5rem; }
        section { margin-top: 2rem; }
        h2 { font-size: 1.15rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
        h3 { font-size: 1rem; margin-bottom: .25rem; }
        .note, .muted { color: var(--muted); font-size: .9rem; }
        .trend { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; margin-bottom: 1.5rem; }
        .charts { display: flex; flex-wrap: wrap; gap: .5rem; flex: 1 1 22rem; }
        figure { margin: 0; flex: 1 1 16rem; max-width: 24rem; }
        figcaption { font-size: .85rem; color: var(--muted); }
        .chart { width: 100%; height: auto; }
        .chart .axis { stroke: var(--muted); stroke-width: 1; }
        .chart .bar { fill: var(--accent); }
        .chart .gap { fill: var(--line); }
        .chart .tick { font-size: 10px; fill: currentColor; }
        .table-wrap { overflow-x: auto; flex: 1 1 20rem; }
        table { border-collapse: collapse; font-size: .9rem; }
        th, td { text-align: left; padding: .2rem .6rem .2rem 0; border-bottom: 1px solid var(--line); vertical-align: top; }
        td.number, th.number { text-align: right; }
        .figures { display: flex; flex-wrap: wrap; gap: 1rem; }
        .figure { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem; min-width: 8rem; }
        .figure strong { display: block; font-size: 1.6rem; }
        button { font: inherit; padding: .4rem .9rem; border-radius: .4rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; min-height: 2.25rem; }
        button.quiet { background: transparent; color: var(--accent); }
        label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
        input[type=password], textarea { font: inherit; width: 100%; max-width: 40rem; box-sizing: border-box; padding: .4rem; }
        textarea { font-family: ui-monospace, monospace; font-size: .85rem; min-height: 18rem; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; background: rgba(127,127,127,.12); padding: .5rem; border-radius: .3rem; }
        .message { border-left: 4px solid var(--accent); padding: .4rem .8rem; background: rgba(42,111,151,.1); }
        .problem { border-left-color: #b91c1c; background: rgba(185,28,28,.08); }
        ul.plain { padding-left: 1.2rem; }
        </style>
        </head>
        <body>
        <a class="skip" href="#main">Skip to the content</a>
        <header>
        <h1>Unhurried admin</h1>
        {{#signedIn}}
        <nav aria-label="Admin pages">
        <a href="/admin">Overview</a>
        <a href="/admin/what-if">What-if</a>
        <form method="post" action="/admin/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button class="quiet" type="submit">Log out</button></form>
        </nav>
        {{/signedIn}}
        </header>
        <main id="main">
        {{$content}}{{/content}}
        </main>
        </body>
        </html>
        """

    private static let login = """
        {{<layout}}
        {{$title}}Log in · Unhurried admin{{/title}}
        {{$content}}
        <h2>Log in</h2>
        {{#off}}
        <p class="message problem" role="alert">The admin page is off on this server: set <code>UNHURRIED_ADMIN_TOKEN</code> and restart.</p>
        {{/off}}
        {{^off}}
        {{#refused}}<p class="message problem" role="alert">That token was not accepted.</p>{{/refused}}
        <form method="post" action="/admin/login">
        <input type="hidden" name="csrf" value="{{loginToken}}">
        <label for="token">Admin token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
        <p><button type="submit">Log in</button></p>
        </form>
        <p class="note">The token is the server's <code>UNHURRIED_ADMIN_TOKEN</code>. A session lasts {{sessionHours}} hours.</p>
        {{/off}}
        {{/content}}
        {{/layout}}
        """

    private static let overview = """
        {{<layout}}
        {{$content}}
        {{#notice}}<p class="message" role="status">{{notice}}</p>{{/notice}}
        <p class="note">Team figures only, as <code>/stats</code> shows them: no one's own numbers, no ranking, no status. Generated {{generatedAt}}.</p>

        <section aria-labelledby="now-heading">
        <h2 id="now-heading">Now</h2>
        <div class="figures">
        <div class="figure"><span>Overdue now</span><strong id="overdue-total">{{overdueTotal}}</strong></div>
        <div class="figure"><span>Posts waiting</span><strong id="outbox-pending">{{pendingPosts}}</strong></div>
        <div class="figure"><span>Dead posts</span><strong id="outbox-dead">{{deadPosts}}</strong></div>
        </div>
        {{#hasOverdue}}
        <div class="table-wrap"><table>
        <caption class="muted">Overdue now, by channel and tier (assignments past their deadline without a response)</caption>
        <thead><tr><th scope="col">Channel</th><th scope="col">Tier</th><th scope="col" class="number">Overdue</th></tr></thead>
        <tbody>{{#overdue}}<tr><td>{{channel}}</td><td>{{tier}}</td><td class="number">{{count}}</td></tr>{{/overdue}}</tbody>
        </table></div>
        {{/hasOverdue}}
        </section>

        <section aria-labelledby="trends-heading">
        <h2 id="trends-heading">Response times, last {{weekCount}} weeks</h2>
        <p class="note">Per channel and tier, week by week (each week seven days, the last ending now): the median time to a first response, counted in each assignee's working time, and the share of answers within the expected time.</p>
        {{^trends}}<p>No asks in the last {{weekCount}} weeks.</p>{{/trends}}
        {{#trends}}
        <article class="trend-block">
        <h3>{{channel}} · {{tier}}</h3>
        <div class="trend">
        <div class="charts">
        <figure>{{{medianChart}}}<figcaption>Median first response (working time)</figcaption></figure>
        <figure>{{{shareChart}}}<figcaption>Answered within the expected time</figcaption></figure>
        </div>
        <div class="table-wrap"><table>
        <caption class="muted">{{channel}} · {{tier}}, week by week</caption>
        <thead><tr><th scope="col">Week of</th><th scope="col" class="number">Asks</th><th scope="col" class="number">Median first response</th><th scope="col" class="number">Within expectation</th></tr></thead>
        <tbody>{{#weeks}}<tr><td>{{label}}</td><td class="number">{{asks}}</td><td class="number">{{median}}</td><td class="number">{{share}}</td></tr>{{/weeks}}</tbody>
        </table></div>
        </div>
        </article>
        {{/trends}}
        </section>

        <section aria-labelledby="dead-heading" id="dead-posts">
        <h2 id="dead-heading">Dead posts</h2>
        <p class="note">Posts given up on after their last attempt, by reason. Retry queues one again, as <code>unhurried outbox retry ID</code> does.</p>
        {{^deadReasons}}<p>None.</p>{{/deadReasons}}
        {{#deadReasons}}
        <h3>{{reason}} ({{count}})</h3>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Post</th><th scope="col">Kind</th><th scope="col">Channel</th><th scope="col" class="number">Attempts</th><th scope="col"><span class="skip">Action</span></th></tr></thead>
        <tbody>{{#posts}}<tr><td>{{id}}</td><td>{{kind}}</td><td>{{channel}}</td><td class="number">{{attempts}}</td>
        <td><form method="post" action="/admin/outbox/retry"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="post" value="{{id}}"><button type="submit" aria-label="Retry post {{id}}">Retry</button></form></td></tr>{{/posts}}</tbody>
        </table></div>
        {{#more}}<p class="note">And {{more}} more: <code>unhurried outbox --dead</code> lists them all.</p>{{/more}}
        {{/deadReasons}}
        </section>

        <section aria-labelledby="platforms-heading">
        <h2 id="platforms-heading">Platforms</h2>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Platform</th><th scope="col">State</th><th scope="col">Last successful post</th><th scope="col">Last error</th></tr></thead>
        <tbody>{{#platforms}}<tr><td>{{name}}</td><td>{{state}}</td><td>{{lastSuccess}}</td><td>{{lastError}}</td></tr>{{/platforms}}</tbody>
        </table></div>
        <p class="note">Last post and last error are what this replica's delivery worker saw since it started; each replica keeps its own.</p>
        </section>

        <section aria-labelledby="policy-heading">
        <h2 id="policy-heading">Policy in force</h2>
        <table>
        <tr><th scope="row">File</th><td>{{policyFile}}</td></tr>
        <tr><th scope="row">Loaded</th><td>{{policyLoadedAt}}</td></tr>
        <tr><th scope="row">Tiers</th><td>{{policyTiers}}</td></tr>
        <tr><th scope="row">Last reload error</th><td>{{^policyError}}none{{/policyError}}{{#policyError}}<pre>{{policyError}}</pre><span class="muted">{{policyErrorAt}}; the policy loaded before it stays in force</span>{{/policyError}}</td></tr>
        </table>
        <p class="note">As this replica loaded it; each replica reads the file itself.</p>
        <p><a href="/admin/what-if">Rehearse a change to it</a></p>
        </section>
        {{/content}}
        {{/layout}}
        """

    private static let whatIf = """
        {{<layout}}
        {{$title}}What-if · Unhurried admin{{/title}}
        {{$content}}
        <h2>What would a policy change do?</h2>
        <p class="note">Paste a candidate policy file. It is checked as <code>unhurried check-config</code> checks it, then compared with the policy in force on the team's last {{askLimit}} asks (from the last {{weekCount}} weeks): each is planned again under both, as <code>unhurried explain</code> plans an ask, from when it was asked, in each assignee's hours. Nothing is saved: this page never writes the policy file.</p>
        <form method="post" action="/admin/what-if">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="policy">Candidate policy (YAML)</label>
        <textarea id="policy" name="policy" spellcheck="false" required>{{candidate}}</textarea>
        <p><button type="submit">Compare with the policy in force</button></p>
        </form>
        {{#hasProblems}}
        <section aria-labelledby="problems-heading" id="what-if-result">
        <h2 id="problems-heading">The candidate has problems</h2>
        <p class="message problem" role="alert">As <code>check-config</code> reports them; the server would refuse this file and keep the policy in force.</p>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col" class="number">Line</th><th scope="col" class="number">Column</th><th scope="col">Key</th><th scope="col">Problem</th></tr></thead>
        <tbody>{{#problems}}<tr><td class="number">{{line}}</td><td class="number">{{column}}</td><td><code>{{key}}</code></td><td>{{message}}</td></tr>{{/problems}}</tbody>
        </table></div>
        </section>
        {{/hasProblems}}
        {{#comparison}}
        <section aria-labelledby="result-heading" id="what-if-result">
        <h2 id="result-heading">What the candidate would change</h2>
        <p>Compared on {{asks}} asks ({{assignments}} assignments).{{#nothing}} <strong>It changes nothing these asks would see.</strong>{{/nothing}}</p>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Change</th><th scope="col" class="number">Assignments</th><th scope="col">By how much</th></tr></thead>
        <tbody>
        <tr><td>Deadlines earlier</td><td class="number" id="deadlines-earlier">{{earlierCount}}</td><td>{{earlierBy}}</td></tr>
        <tr><td>Deadlines later</td><td class="number" id="deadlines-later">{{laterCount}}</td><td>{{laterBy}}</td></tr>
        <tr><td>Reminders</td><td class="number">{{remindersNow}} → {{remindersCandidate}}</td><td>in force → candidate</td></tr>
        <tr><td>Reminders and calls outside people's hours</td><td class="number" id="outside-hours">{{outsideNow}} → {{outsideCandidate}}</td><td>in force → candidate</td></tr>
        <tr><td>Escalations gained</td><td class="number" id="escalations-gained">{{escalationsGained}}</td><td></td></tr>
        <tr><td>Escalations lost</td><td class="number" id="escalations-lost">{{escalationsLost}}</td><td></td></tr>
        </tbody>
        </table></div>
        {{#tiersMissing}}<p class="note">The candidate has no tier {{tiersMissing}}: those asks were compared under its default tier.</p>{{/tiersMissing}}
        <p class="note">A deadline an asker named (<code>by friday</code>) is compared as the tier would set it.</p>
        <h3>How to apply it</h3>
        <ol>
        <li>Check it where it will live: <code>unhurried check-config {{policyFile}}</code>.</li>
        <li>Put it in {{#hasFile}}<code>{{policyFile}}</code>{{/hasFile}}{{^hasFile}}a policy file and start <code>unhurried serve --config FILE</code>{{/hasFile}} (under Kubernetes, the ConfigMap that holds it) and commit it where your policy is versioned.</li>
        <li>The server reloads it within a few seconds of the change, or at once on <code>SIGHUP</code>; a file with problems is refused and the old policy stays. The overview shows when it was loaded.</li>
        </ol>
        </section>
        {{/comparison}}
        {{/content}}
        {{/layout}}
        """
}
