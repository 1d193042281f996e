// Request headers: validation, forbidden names ignored, repeated names combined.
// Response headers: case-insensitive lookup, combined values, sorted lowercase listing, and
// Set-Cookie never exposed.
var xhr = new XMLHttpRequest();
try { xhr.setRequestHeader('X-Early', '1'); } catch (e) { console.log('before open: ' + e.name); }
xhr.open('GET', '/echo');
['bad name', 'x:y', ''].forEach(function (name) {
    try { xhr.setRequestHeader(name, 'v'); console.log('accepted ' + JSON.stringify(name)); }
    catch (e) { console.log(JSON.stringify(name) + ': ' + e.name + ' ' + e.code); }
});
try { xhr.setRequestHeader('X-Bad-Value', 'a\r\nb'); } catch (e) { console.log('CRLF value: ' + e.name); }
try { xhr.setRequestHeader('X-Wide', '\u0100'); } catch (e) { console.log('non-byte value: ' + e.name); }
xhr.setRequestHeader('X-Repeated', 'one');
xhr.setRequestHeader('x-repeated', ' two ');
xhr.setRequestHeader('Cookie', 'sneaky=1');
xhr.setRequestHeader('Proxy-Anything', '1');
xhr.setRequestHeader('Sec-Thing', '1');
xhr.setRequestHeader('X-HTTP-Method-Override', 'TRACE');
xhr.setRequestHeader('X-HTTP-Method', 'PATCH');
xhr.onload = function () {
    var headers = JSON.parse(xhr.responseText).headers.map(function (h) { return h[0].toLowerCase() + '=' + h[1]; });
    console.log(headers.filter(function (h) { return /^(x-|cookie|proxy|sec|accept=|user-agent)/.test(h); }).join(' | '));
    var listing = new XMLHttpRequest();
    listing.open('GET', '/headers?set=X-B:2&set=x-a:1&set=X-B:3&set=Set-Cookie:a=b&set=Set-Cookie2:c=d');
    listing.onload = function () {
        console.log('x-b=' + listing.getResponseHeader('x-B') + ' set-cookie=' + listing.getResponseHeader('Set-Cookie'));
        console.log(JSON.stringify(listing.getAllResponseHeaders().split('\r\n').filter(function (line) {
            return /^(x-a|x-b|set-cookie)/.test(line);
        })));
    };
    listing.send();
};
xhr.send();
