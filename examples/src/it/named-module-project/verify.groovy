// The build failed; check that it failed for the one leak, in agent mode, with the tests in their named module.
import javax.xml.parsers.DocumentBuilderFactory

def suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new File(basedir, 'target/surefire-reports/TEST-com.example.relay.test.RelayTest.xml')).documentElement
assert suite.getAttribute('tests') == '2' && suite.getAttribute('errors') == '0'
assert suite.getAttribute('failures') == '1'

def failure = suite.getElementsByTagName('failure').item(0)
assert failure.parentNode.getAttribute('name') == 'forgetsToStop'
assert failure.getAttribute('type') == 'dev.threadleak.junit.ThreadLeakError'
def message = failure.getAttribute('message')
assert message.readLines()[0] == '1 leak from test `RelayTest.forgetsToStop()`'
assert message.readLines().any { it ==~ /THREAD (LEAKED|BLOCKED_FOREVER): "relay-worker" #\d+ \(platform, non-daemon\) WAITING, age .*/ } : message
assert message.readLines().any { it ==~ /  created by "main" #\d+ at com\.example\.relay\.Relay\.start\(Relay\.java:\d+\)/ } : message

def json = new File(basedir, 'target/threadleak/com.example.relay.test.RelayTest.forgetsToStop().json').text
assert json.contains('"mode" : "agent"') : json
def log = new File(basedir, 'build.log').text
assert !log.contains('A Java agent has been loaded dynamically') : 'the agent came from -javaagent, not a late attach'
return true
