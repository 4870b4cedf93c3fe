// The build failed; check that it failed for the one leak, in agent mode, with a short message.
import javax.xml.parsers.DocumentBuilderFactory

def suite = { name -> DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new File(basedir, "target/surefire-reports/TEST-com.example.outbox.${name}.xml")).documentElement }
def clean = suite('OutboxTest')
def leaky = suite('ForgottenOutboxTest')

assert clean.getAttribute('tests') == '2' && clean.getAttribute('failures') == '0' && clean.getAttribute('errors') == '0'
assert leaky.getAttribute('failures') == '1'

def failure = leaky.getElementsByTagName('failure').item(0)
assert failure.parentNode.getAttribute('name') == 'sendsAndForgetsToClose'
assert failure.getAttribute('type') == 'dev.threadleak.junit.ThreadLeakError'
def message = failure.getAttribute('message')
def lines = message.readLines()
assert lines.size() <= 25 : "${lines.size()} lines: ${message}"
assert lines[0] == '1 leak from test `ForgottenOutboxTest.sendsAndForgetsToClose()`'
assert lines.any { it ==~ /THREAD (LEAKED|BLOCKED_FOREVER): "outbox-sender" #\d+ \(platform, daemon\) WAITING, age .*/ } : message
assert lines.any { it ==~ /  created by "main" #\d+ at com\.example\.outbox\.Outbox\.start\(Outbox\.java:\d+\)/ } : message
assert lines.any { it ==~ /    via com\.example\.outbox\.ForgottenOutboxTest\.sendsAndForgetsToClose\(ForgottenOutboxTest\.java:\d+\)/ } : message
assert lines.any { it.startsWith('full report: ') } : message

def json = new File(basedir, 'target/threadleak/com.example.outbox.ForgottenOutboxTest.sendsAndForgetsToClose().json').text
assert json.contains('"mode" : "agent"') : json
assert !json.contains('attached the agent') : 'the agent came from -javaagent, not a late attach: ' + json

def log = new File(basedir, 'build.log').text
assert !log.contains('A Java agent has been loaded dynamically') : 'no late attach'
assert !log.contains('none was checked for leaks') : 'the extension ran: no warning that it did not'
return true
